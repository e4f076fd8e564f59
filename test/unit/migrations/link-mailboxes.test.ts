/**
 * migrations/0040 on generated desks: a contact an earlier `/link` folded two mailboxes into (a customer's own, with
 * their Telegram or Discord, typed into a code another mailbox asked for by mail) is split into one contact per
 * address, in the contact's group: each address with its identities (email, unproven email, its web-form address),
 * the tickets it opened and its codes; the contact keeps its own address. Lone mailboxes stay as they were.
 * 0039 runs first, as on a real desk. Random desks, seed printed (`ATTACK_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { afterSplit, deskWriter, migrated, migrationSql, rows, splitSnapshot } from "../../support/migrations";
import { mulberry32, seedFrom } from "../../support/random";

const THIS = "0040_link_mailboxes.sql";
const BEFORE = "0039_link_groups.sql";

function generate(db: DatabaseSync, next: () => number) {
  const { pick, id, at, run, count } = deskWriter(db, next);
  const contact = (email: string | null) => {
    const c = id("con");
    const t = at();
    run(
      "INSERT INTO contacts (id, name, email, email_verified_at, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      c,
      `Name ${count()}`,
      email,
      email && next() < 0.7 ? t : null,
      pick(["en", "zh"]),
      t,
      t,
    );
    return c;
  };
  const identity = (contactId: string, channel: string, externalId: string) => {
    const i = id("idn");
    const t = at();
    run(
      `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      i,
      contactId,
      channel,
      externalId,
      `Shown ${count()}`,
      t,
      t,
    );
    return i;
  };
  /** A ticket whose first customer message the identity sent. */
  const ticket = (contactId: string, channel: string, key: string, sender: string) => {
    const t = id("tkt");
    const time = at();
    run(
      `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject, created_at,
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      t,
      count(),
      channel,
      key,
      id("tok"),
      contactId,
      pick(["new", "open", "closed"]),
      `Subject ${count()}`,
      time,
      time,
    );
    run(
      `INSERT INTO messages (id, ticket_id, direction, author, channel, body, sender_identity_id, created_at)
       VALUES (?, ?, 'in', 'customer', ?, 'hi', ?, ?)`,
      id("msg"),
      t,
      channel,
      sender,
      at(),
    );
    return t;
  };
  /** One address's identities on the contact, with tickets and maybe a code: the tickets, keyed by address. */
  const owned: Array<{ ticketId: string; address: string | null; identityId: string }> = [];
  const mailbox = (contactId: string, address: string) => {
    const ids = [identity(contactId, "email", address)];
    if (next() < 0.4) ids.push(identity(contactId, "email", `unverified:${address}`));
    if (next() < 0.5) ids.push(identity(contactId, "webform", address));
    for (const sender of ids) {
      if (next() < 0.3) continue;
      const channel = sender === ids[0] || next() < 0.5 ? "email" : "webform";
      const key = channel === "email" ? `email:<m${count()}@x.test>#${count()}` : `webform:${count()}`;
      owned.push({ ticketId: ticket(contactId, channel, key, sender), address, identityId: sender });
    }
    if (next() < 0.4)
      run(
        `INSERT INTO link_codes (id, code_hash, contact_id, channel, external_id, expires_at, created_at)
         VALUES (?, ?, ?, 'email', ?, ?, ?)`,
        id("lnk"),
        id("hash"),
        contactId,
        address,
        at(),
        at(),
      );
    return ids;
  };
  const chat = (contactId: string) => {
    const channel = pick(["telegram", "discord"]);
    const ext = String(100_000 + count() * 7);
    const i = identity(contactId, channel, ext);
    const key = channel === "telegram" ? `telegram:${ext}` : `discord:dm:${ext}`;
    owned.push({ ticketId: ticket(contactId, channel, key, i), address: null, identityId: i });
    return i;
  };

  const joined: string[][] = [];
  const lone: string[] = [];
  for (let i = 0; i < 10; i++) {
    if (next() < 0.35) {
      const address = `lone${count()}@example.test`;
      const c = contact(address);
      lone.push(c);
      mailbox(c, address);
      continue;
    }
    // The old /link: the code's mailbox; a customer's whole contact (their mailbox, their chat accounts) folded in.
    const addresses = Array.from({ length: 2 + Math.floor(next() * 2) }, (_, k) => `m${count()}x${k}@example.test`);
    const c = contact(next() < 0.8 ? pick(addresses) : null);
    const accounts: string[] = [];
    for (const address of addresses) accounts.push(...mailbox(c, address));
    const chats = Math.floor(next() * 3);
    for (let k = 0; k < chats; k++) accounts.push(chat(c));
    joined.push(accounts);
  }
  return { owned, joined, lone };
}

const contactOfIdentity = (db: DatabaseSync, identityId: string) =>
  rows(db, "SELECT contact_id FROM channel_identities WHERE id = ?", identityId)[0]?.contact_id as string;
const ADDRESS = `CASE WHEN external_id LIKE 'unverified:%' THEN substr(external_id, 12) ELSE external_id END`;
const addressesOf = (db: DatabaseSync, contactId: string) =>
  rows(
    db,
    `SELECT DISTINCT ${ADDRESS} AS a FROM channel_identities
      WHERE contact_id = ? AND (channel = 'email' OR (channel = 'webform' AND external_id LIKE '%@%'))`,
    contactId,
  ).map((r) => r.a as string);

describe(`migrations/${THIS}`, () => {
  it("splits mailboxes an earlier /link joined into one contact per address, in one group", () => {
    for (let round = 0; round < 5; round++) {
      const seed = seedFrom("ATTACK_SEED") + round;
      const why = `seed ${seed} (ATTACK_SEED=${seed - round})`;
      const db = migrated((f) => f < BEFORE);
      const { owned, joined, lone } = generate(db, mulberry32(seed));
      db.exec(migrationSql(BEFORE));
      const before = splitSnapshot(db);

      db.exec(migrationSql(THIS));

      const after = afterSplit(db, before);
      expect(after.messages, why).toEqual(before.messages);
      expect(after.identities, why).toEqual(before.identities);
      expect(after.lostContacts, why).toEqual([]);
      const kept = after.kept;
      // No contact holds two addresses; a ticket a mailbox opened is on that address's contact, whose address it is.
      for (const c of kept) expect(addressesOf(db, c as string).length, `${why}: ${c}`).toBeLessThanOrEqual(1);
      for (const { ticketId, address, identityId } of owned) {
        const contactId = rows(db, "SELECT contact_id FROM tickets WHERE id = ?", ticketId)[0]?.contact_id as string;
        expect(contactId, `${why}: ${ticketId}`).toBe(contactOfIdentity(db, identityId));
        if (!address) continue;
        expect(addressesOf(db, contactId), `${why}: ${ticketId}`).toEqual([address]);
        const email = rows(db, "SELECT email FROM contacts WHERE id = ?", contactId)[0]?.email;
        if (email !== null) expect(String(email).toLowerCase(), `${why}: ${ticketId}`).toBe(address);
      }
      // One group per old /link, one level deep; lone mailboxes as they were.
      for (const group of joined) {
        const roots = new Set(
          group.map(
            (i) =>
              rows(
                db,
                "SELECT COALESCE(linked_to_id, id) AS root FROM contacts WHERE id = ?",
                contactOfIdentity(db, i),
              )[0]?.root,
          ),
        );
        expect(roots.size, why).toBe(1);
        const [root] = [...roots] as string[];
        expect(rows(db, "SELECT linked_to_id FROM contacts WHERE id = ?", root as string)[0]?.linked_to_id, why).toBe(
          null,
        );
      }
      for (const c of lone) {
        expect(rows(db, "SELECT * FROM contacts WHERE id = ?", c)[0], why).toEqual(
          before.contacts.find((b) => b.id === c),
        );
      }
      // Codes follow their mailbox.
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
