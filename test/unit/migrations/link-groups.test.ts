/**
 * migrations/0039 on generated desks: contacts an earlier `/link` joined (Telegram and Discord accounts, sometimes
 * with the mailbox that issued the code, and a contact it folded in) are split into one contact per account, in one
 * group: each ticket ends on the contact of the account whose conversation it is (its private chat or DM, or the
 * group ticket it opened), with its unused codes. Lone accounts, mailboxes with their web-form claims and everything
 * else stay as they were. Random desks, seed printed (`ATTACK_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { afterSplit, deskWriter, migrated, migrationSql, rows, splitSnapshot } from "../../support/migrations";
import { mulberry32, seedFrom } from "../../support/random";

const THIS = "0039_link_groups.sql";

interface Account {
  identityId: string;
  channel: "telegram" | "discord" | "email" | "webform";
  externalId: string;
}

/** A generated desk: every ticket with the account whose it is, and the contacts /link joined. */
function generate(db: DatabaseSync, next: () => number) {
  const { pick, id, at, run, count } = deskWriter(db, next);
  const contact = (email: string | null = null) => {
    const c = id("con");
    const t = at();
    run(
      "INSERT INTO contacts (id, name, email, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      c,
      `Name ${count()}`,
      email,
      pick(["en", "zh"]),
      t,
      t,
    );
    return c;
  };
  const account = (contactId: string, channel: Account["channel"], externalId?: string): Account => {
    const a = { identityId: id("idn"), channel, externalId: externalId ?? String(100_000 + count() * 7) };
    const t = at();
    run(
      `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      a.identityId,
      contactId,
      channel,
      a.externalId,
      `Shown ${count()}`,
      t,
      t,
    );
    return a;
  };
  const owned: Array<{ ticketId: string; account: Account }> = [];
  const ticket = (contactId: string, a: Account, shared: boolean, last: boolean) => {
    const t = id("tkt");
    const key = shared
      ? `${a.channel}:${a.channel === "telegram" ? -1_000_000 - count() : `thread:${count()}`}`
      : a.channel === "telegram"
        ? `telegram:${a.externalId}`
        : a.channel === "discord"
          ? `discord:dm:${a.externalId}`
          : `${a.channel}:${a.externalId}:${count()}`;
    const time = at();
    run(
      `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject, created_at,
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      t,
      count(),
      a.channel,
      key,
      id("tok"),
      contactId,
      // One active ticket per conversation: an account's earlier ones are closed.
      last ? pick(["new", "open", "pending", "resolved", "closed"]) : "closed",
      `Subject ${count()}`,
      time,
      time,
    );
    // Its first customer message is the account's; in a group ticket others may write after it.
    const message = (sender: Account | null) =>
      run(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, sender_identity_id, created_at)
         VALUES (?, ?, 'in', 'customer', ?, 'hi', ?, ?)`,
        id("msg"),
        t,
        a.channel,
        sender?.identityId ?? null,
        at(),
      );
    // Private conversations' oldest messages may carry no sender (stored before messages named one).
    message(shared || next() < 0.5 ? a : null);
    if (next() < 0.5)
      run(
        "INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at) VALUES (?, ?, 'out', 'bot', ?, 'ok', ?)",
        id("msg"),
        t,
        a.channel,
        at(),
      );
    owned.push({ ticketId: t, account: a });
    return t;
  };
  const tickets = (contactId: string, a: Account) => {
    const k = 1 + Math.floor(next() * 2);
    for (let i = 0; i < k; i++) {
      ticket(contactId, a, a.channel !== "email" && a.channel !== "webform" && next() < 0.3, i === k - 1);
    }
  };
  const code = (contactId: string, a: Account) =>
    run(
      `INSERT INTO link_codes (id, code_hash, contact_id, channel, external_id, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      id("lnk"),
      id("hash"),
      contactId,
      a.channel,
      a.externalId,
      at(),
      at(),
    );

  const joined: string[][] = [];
  for (let i = 0; i < 12; i++) {
    const kind = pick(["lone", "mailbox", "linked", "linked", "linked"] as const);
    if (kind === "lone") {
      const c = contact();
      tickets(c, account(c, pick(["telegram", "discord"])));
    } else if (kind === "mailbox") {
      const address = `a${count()}@example.test`;
      const c = contact(address);
      tickets(c, account(c, "email", address));
      if (next() < 0.7) tickets(c, account(c, "webform", address));
    } else {
      // The old /link: the code's contact, every later account (and its old contact's tickets) moved onto it.
      const address = next() < 0.3 ? `a${count()}@example.test` : null;
      const c = contact(address);
      const accounts: Account[] = [];
      if (address) accounts.push(account(c, "email", address));
      const chats = (address ? 1 : 2) + Math.floor(next() * 2);
      for (let k = 0; k < chats; k++) accounts.push(account(c, pick(["telegram", "discord"])));
      for (const a of accounts) {
        tickets(c, a);
        if (next() < 0.3) code(c, a);
      }
      if (next() < 0.5) {
        const folded = contact();
        run("UPDATE contacts SET merged_into_id = ? WHERE id = ?", c, folded);
      }
      joined.push(accounts.map((a) => a.identityId));
    }
  }
  return { owned, joined };
}

const contactOfIdentity = (db: DatabaseSync, identityId: string) =>
  rows(db, "SELECT contact_id FROM channel_identities WHERE id = ?", identityId)[0]?.contact_id as string;

describe(`migrations/${THIS}`, () => {
  it("splits contacts /link joined into one contact per account, in one group, each with its own tickets", () => {
    for (let round = 0; round < 5; round++) {
      const seed = seedFrom("ATTACK_SEED") + round;
      const why = `seed ${seed} (ATTACK_SEED=${seed - round})`;
      const db = migrated((f) => f < THIS);
      const { owned, joined } = generate(db, mulberry32(seed));
      const before = splitSnapshot(db);

      db.exec(migrationSql(THIS));

      // Messages and identities are as they were; no contact lost, no ticket or identity lost.
      const after = afterSplit(db, before);
      expect(after.messages, why).toEqual(before.messages);
      expect(after.identities, why).toEqual(before.identities);
      expect(after.lostContacts, why).toEqual([]);
      // Each ticket is on its own account's contact, which holds no chat account but that one.
      for (const { ticketId, account } of owned) {
        const [t] = rows(db, "SELECT contact_id FROM tickets WHERE id = ?", ticketId);
        expect(t?.contact_id, `${why}: ${ticketId}`).toBe(contactOfIdentity(db, account.identityId));
        const chats = rows(
          db,
          "SELECT id FROM channel_identities WHERE contact_id = ? AND channel IN ('telegram', 'discord')",
          t?.contact_id as string,
        );
        expect(chats.length, `${why}: ${ticketId}`).toBeLessThanOrEqual(1);
      }
      // The accounts one /link joined are one group for staff; a lone account or mailbox is in none.
      for (const group of joined) {
        const roots = new Set(
          group.map(
            (i) =>
              rows(
                db,
                "SELECT COALESCE(linked_to_id, id) AS root FROM contacts WHERE id = (SELECT contact_id FROM channel_identities WHERE id = ?)",
                i,
              )[0]?.root,
          ),
        );
        expect(roots.size, why).toBe(1);
        expect(new Set(group.map((i) => contactOfIdentity(db, i))).size, why).toBe(group.length);
      }
      const inGroups = new Set(joined.flat());
      for (const { ticketId, account } of owned) {
        if (inGroups.has(account.identityId)) continue;
        const was = before.tickets.find((t) => t.id === ticketId)?.contact_id;
        expect(rows(db, "SELECT contact_id FROM tickets WHERE id = ?", ticketId)[0]?.contact_id, why).toBe(was);
        expect(rows(db, "SELECT linked_to_id FROM contacts WHERE id = ?", was as string)[0]?.linked_to_id, why).toBe(
          null,
        );
      }
      // People search finds each account on its own contact only.
      const documentOf = (contactId: string) =>
        String(
          rows(
            db,
            "SELECT text FROM contact_search_fts WHERE rowid = (SELECT rowid FROM contacts WHERE id = ?)",
            contactId,
          )[0]?.text ?? "",
        );
      for (const identity of rows(db, "SELECT contact_id, external_id FROM channel_identities")) {
        const own = documentOf(identity.contact_id as string).split(" ");
        expect(own, `${why}: search for ${identity.external_id}`).toContain(identity.external_id);
      }
      for (const group of joined) {
        const contacts = group.map((i) => contactOfIdentity(db, i));
        for (const [k, i] of group.entries()) {
          const ext = rows(db, "SELECT external_id FROM channel_identities WHERE id = ?", i)[0]?.external_id as string;
          for (const [j, other] of contacts.entries()) {
            if (j !== k)
              expect(documentOf(other).split(" "), `${why}: ${ext} on another's document`).not.toContain(ext);
          }
        }
      }
      // Unused codes follow their account.
      for (const code of rows(db, "SELECT contact_id, channel, external_id FROM link_codes")) {
        const [owner] = rows(
          db,
          "SELECT contact_id FROM channel_identities WHERE channel = ? AND external_id = ?",
          code.channel as string,
          code.external_id as string,
        );
        expect(code.contact_id, why).toBe(owner?.contact_id);
      }
    }
  });
});
