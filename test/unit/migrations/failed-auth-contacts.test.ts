/**
 * migrations/0036 on generated desks: every ticket whose customer messages all failed SPF/DKIM/DMARC (marked, recorded
 * -1, or with a failing verdict in the record of older mail) moves from the address's `unverified:` contact onto its
 * `failed:` contact (one per address, the existing one when there is one), with its messages' sender and records; a
 * forged ticket an agent merged into the customer's moves too. Genuine tickets, mixed ones, downgrades, look-alike
 * verdicts ("spf=pass(fail.test)", "dkim=pass(spam.test)", the words in the customer's text) and proven senders stay,
 * and nothing else changes. Random desks, seed printed (`FAILED_AUTH_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated, migrationSql } from "../../support/migrations";

const THIS = "0036_failed_auth_contacts.sql";
const NOW = "2026-12-01T10:00:00.000Z";

type Kind = "genuine" | "marked" | "old" | "recorded" | "merged" | "mixed" | "downgrade" | "two-senders" | "proven";
const MOVES: ReadonlySet<Kind> = new Set(["marked", "old", "merged"]);

function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const word = (n: number) =>
    Array.from({ length: n }, () => pick([..."abcdefghijklmnopqrstuvwxyz0123456789"])).join("");
  return { next, pick, word };
}

/** Builds a desk in `db` and returns each generated ticket with what the migration must do to it. */
function generate(db: DatabaseSync, r: ReturnType<typeof seeded>) {
  let n = 0;
  const id = (p: string) => `${p}_${++n}_${r.word(6)}`;
  const run = (sql: string, ...v: Array<string | number | null>) => db.prepare(sql).run(...v);
  const contact = (email: string) => {
    const c = id("con");
    run(
      "INSERT INTO contacts (id, email, language, created_at, updated_at) VALUES (?, ?, 'en', ?, ?)",
      c,
      email,
      NOW,
      NOW,
    );
    return c;
  };
  const identity = (contactId: string, ext: string) => {
    const i = id("idn");
    run(
      `INSERT INTO channel_identities (id, contact_id, channel, external_id, created_at, last_seen_at)
       VALUES (?, ?, 'email', ?, ?, ?)`,
      i,
      contactId,
      ext,
      NOW,
      NOW,
    );
    return i;
  };
  const ticket = (contactId: string) => {
    const t = id("tkt");
    run(
      `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject, created_at, updated_at)
       VALUES (?, ?, 'email', ?, ?, ?, 'open', ?, ?, ?)`,
      t,
      n,
      `email:<${r.word(10)}@x.test>#${r.word(16)}`,
      r.word(24),
      contactId,
      `Help ${r.word(5)}`,
      NOW,
      NOW,
    );
    return t;
  };
  const message = (o: {
    ticket: string;
    origin?: string;
    identity: string;
    sender: string;
    body: string;
    verified: number;
    auth: string | null;
  }) => {
    const m = id("msg");
    const header = `<${r.word(12)}@x.test>`;
    run(
      `INSERT INTO messages (id, ticket_id, origin_ticket_id, direction, author, channel, body, provider_message_id,
         sender_identity_id, created_at) VALUES (?, ?, ?, 'in', 'customer', 'email', ?, ?, ?, ?)`,
      m,
      o.ticket,
      o.origin ?? o.ticket,
      o.body,
      header,
      o.identity,
      NOW,
    );
    run(
      `INSERT INTO email_inbound (message_id_header, kind, source, sender, message_id, ticket_id, created_at, sender_verified, auth)
       VALUES (?, 'message', 'cloudflare', ?, ?, ?, ?, ?, ?)`,
      header,
      o.sender,
      m,
      o.ticket,
      NOW,
      o.verified,
      o.auth,
    );
    return m;
  };
  const other = () => `${r.word(6)}.test`;
  const noVerdict = () =>
    r.pick([
      "no verdict",
      `dmarc=none(${other()}) spf=pass(${other()})`,
      `spf=pass(fail.test) dkim=pass(spam.test)`,
      `dkim=pass(${other()}) spf=neutral(${other()})`,
    ]);
  const failing = () => {
    const bad = r.pick([
      "dmarc=fail",
      "spf=softfail",
      "dkim=permerror",
      "dmarc=quarantine",
      "dmarc=reject",
      "spf=fail",
    ]);
    const parts = [`${bad}(${other()})`, `spf=pass(${other()})`];
    if (r.next() < 0.3) parts.push("spam");
    if (r.next() < 0.2) return r.pick(["spam", `dkim=pass(${other()}) spam`]);
    return (r.next() < 0.5 ? parts : parts.reverse()).join(" ");
  };
  const genuineText = () =>
    r.pick([
      `my withdrawal ${r.word(6)} is late`,
      "failed authentication (dmarc=fail) says my bank app",
      `[Failed authentication: claims to be me; failed authentication (x)] is what I saw ${r.word(4)}`,
    ]);

  const tickets: Array<{ id: string; kind: Kind; address: string; contact: string }> = [];
  const addresses = Array.from({ length: 3 + Math.floor(r.next() * 4) }, () => `${r.word(8)}@${other()}`);
  for (const address of addresses) {
    const genuine = contact(address);
    const unverified = identity(genuine, `unverified:${address}`);
    if (r.next() < 0.4) {
      const existing = contact(address);
      const failedId = identity(existing, `failed:${address}`);
      const t = ticket(existing);
      const auth = failing();
      message({
        ticket: t,
        identity: failedId,
        sender: address,
        verified: -1,
        auth,
        body: `[Unverified sender] x ${auth}`,
      });
      tickets.push({ id: t, kind: "recorded", address, contact: existing });
    }
    const forged = (t: string, marked: boolean, origin?: string) => {
      const auth = failing();
      const mark = `[Failed authentication: claims to be ${address}; failed authentication (${auth})] `;
      const body = `[Unverified sender] ${marked ? mark : ""}send your seed ${r.word(6)}`;
      // The mark alone is enough (a record without its summary still has it).
      const recorded = marked && r.next() < 0.5 ? null : auth;
      return message({ ticket: t, origin, identity: unverified, sender: address, verified: 0, auth: recorded, body });
    };
    const genuineMessage = (t: string) =>
      message({
        ticket: t,
        identity: unverified,
        sender: address,
        verified: 0,
        auth: noVerdict(),
        body: `[Unverified sender] ${genuineText()}`,
      });
    const kinds = Array.from({ length: 2 + Math.floor(r.next() * 5) }, () =>
      r.pick<Kind>(["genuine", "marked", "old", "merged", "mixed", "downgrade", "two-senders"]),
    );
    for (const kind of kinds) {
      const t = ticket(genuine);
      tickets.push({ id: t, kind, address, contact: genuine });
      const count = 1 + Math.floor(r.next() * 3);
      if (kind === "genuine") for (let i = 0; i < count; i++) genuineMessage(t);
      if (kind === "marked" || kind === "old") for (let i = 0; i < count; i++) forged(t, kind === "marked");
      if (kind === "mixed") {
        forged(t, r.next() < 0.5);
        genuineMessage(t);
      }
      if (kind === "two-senders") {
        // Failed mail claiming two addresses of one contact: no one failed: contact is its own, it stays.
        const alias = `${r.word(7)}@${other()}`;
        const second = identity(genuine, `unverified:${alias}`);
        forged(t, r.next() < 0.5);
        const auth = failing();
        message({ ticket: t, identity: second, sender: alias, verified: 0, auth, body: `[Unverified sender] ${auth}` });
      }
      if (kind === "downgrade") {
        const mark = `[Failed authentication: claims to be ${address}; earlier mail from it passed, this one did not (no verdict)]`;
        message({
          ticket: t,
          identity: unverified,
          sender: address,
          verified: 0,
          auth: "no verdict",
          body: `[Unverified sender] ${mark} hi`,
        });
      }
      if (kind === "merged") {
        // An agent merged the forger's ticket into the customer's: its messages sit there, with their origin.
        const into = ticket(genuine);
        genuineMessage(into);
        tickets.push({ id: into, kind: "genuine", address, contact: genuine });
        for (let i = 0; i < count; i++) forged(into, r.next() < 0.5, t);
        run("UPDATE tickets SET status = 'closed', merged_into_id = ? WHERE id = ?", into, t);
      }
    }
  }
  // A proven sender, whose verdicts list a failure beside the aligned pass, stays.
  const address = `${r.word(8)}@${other()}`;
  const proven = contact(address);
  const provenId = identity(proven, address);
  const t = ticket(proven);
  message({
    ticket: t,
    identity: provenId,
    sender: address,
    verified: 1,
    auth: `dmarc=pass(x.test) spf=softfail(${other()})`,
    body: "hello",
  });
  tickets.push({ id: t, kind: "proven", address, contact: proven });
  return tickets;
}

const rows = (db: DatabaseSync, sql: string) => db.prepare(sql).all() as Array<Record<string, unknown>>;
const snapshot = (db: DatabaseSync) => ({
  tickets: rows(db, "SELECT * FROM tickets ORDER BY id"),
  messages: rows(db, "SELECT * FROM messages ORDER BY id"),
  inbound: rows(db, "SELECT * FROM email_inbound ORDER BY message_id_header"),
  identities: rows(db, "SELECT * FROM channel_identities ORDER BY id"),
  contacts: rows(db, "SELECT * FROM contacts ORDER BY id"),
});

describe(`migrations/${THIS}`, () => {
  it("moves every ticket of only failed-authentication mail onto the address's failed: contact, and nothing else", () => {
    for (let round = 0; round < 5; round++) {
      const seed = Number(process.env.FAILED_AUTH_SEED) || Math.floor(Math.random() * 2 ** 31);
      const why = `seed ${seed} (FAILED_AUTH_SEED=${seed})`;
      const db = migrated((f) => f < THIS);
      const tickets = generate(db, seeded(seed));
      const before = snapshot(db);

      db.exec(migrationSql(THIS));

      const after = snapshot(db);
      const failedContact = (address: string) =>
        db
          .prepare("SELECT id, contact_id FROM channel_identities WHERE channel = 'email' AND external_id = ?")
          .get(`failed:${address}`) as { id: string; contact_id: string } | undefined;
      const moved = new Set<string>();
      for (const t of tickets) {
        const row = db.prepare("SELECT contact_id, conversation_key FROM tickets WHERE id = ?").get(t.id) as {
          contact_id: string;
          conversation_key: string;
        };
        const was = before.tickets.find((x) => x.id === t.id) as { conversation_key: string };
        if (!MOVES.has(t.kind)) {
          expect([t.kind, row.contact_id], why).toEqual([t.kind, t.contact]);
          continue;
        }
        moved.add(t.id);
        const failed = failedContact(t.address);
        expect(failed, why).toBeDefined();
        expect([t.kind, row.contact_id], why).toEqual([t.kind, failed?.contact_id]);
        expect(row.contact_id, why).not.toBe(t.contact);
        expect(row.conversation_key, why).not.toBe(was.conversation_key);
        // Its customer messages now write as the failed identity, and their records count in its bucket.
        const own = rows(
          db,
          `SELECT m.sender_identity_id, e.sender_verified FROM messages m JOIN email_inbound e ON e.message_id = m.id
            WHERE COALESCE(m.origin_ticket_id, m.ticket_id) = '${t.id}'`,
        );
        expect(own.length, why).toBeGreaterThan(0);
        for (const m of own) expect(m, why).toEqual({ sender_identity_id: failed?.id, sender_verified: -1 });
        // The existing failed: contact is reused: one per address.
        const existing = tickets.find((x) => x.kind === "recorded" && x.address === t.address);
        if (existing) expect(row.contact_id, why).toBe(existing.contact);
        const doc = db
          .prepare("SELECT f.text FROM contacts c JOIN contact_search_fts f ON f.rowid = c.rowid WHERE c.id = ?")
          .get(row.contact_id) as { text: string } | undefined;
        expect(doc?.text ?? "", why).toContain(`failed:${t.address}`);
      }
      // Nothing else changed: other tickets, their messages and records, and every identity and contact before.
      const movedMessages = new Set(
        before.messages.filter((m) => moved.has(String(m.origin_ticket_id ?? m.ticket_id))).map((m) => String(m.id)),
      );
      expect(
        after.tickets.filter((x) => !moved.has(String(x.id))),
        why,
      ).toEqual(before.tickets.filter((x) => !moved.has(String(x.id))));
      expect(
        after.messages.filter((m) => !movedMessages.has(String(m.id))),
        why,
      ).toEqual(before.messages.filter((m) => !movedMessages.has(String(m.id))));
      expect(
        after.inbound.filter((e) => !movedMessages.has(String(e.message_id))),
        why,
      ).toEqual(before.inbound.filter((e) => !movedMessages.has(String(e.message_id))));
      expect(
        after.identities.filter((i) => !String(i.external_id).startsWith("failed:")),
        why,
      ).toEqual(before.identities.filter((i) => !String(i.external_id).startsWith("failed:")));
      for (const c of before.contacts) expect(after.contacts, why).toContainEqual(c);
      expect(rows(db, "SELECT name FROM sqlite_master WHERE name LIKE 'migration_0036%'"), why).toEqual([]);

      // Run again (a restore that replays it): nothing more moves.
      db.exec(migrationSql(THIS));
      expect(snapshot(db), why).toEqual(after);
      if (process.env.FAILED_AUTH_SEED) break;
    }
  });
});
