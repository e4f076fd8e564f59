/**
 * "No word of the secret is left": every place a ticket's customer text lands (D1 rows, the
 * search index, R2 keys and objects, the staff API and its search) is read back and checked.
 */
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { redactionMarker, SECRET_KINDS } from "../../../src/core/redact";
import { messageDocRowid } from "../../../src/store/ticket-search";
import { wordsIn } from "../../support/phrases";
import { postmarkDelivery, type postmarkMessage } from "../reliability/channels-email";
import { toRequest } from "../reliability/harness";
import { api } from "../requests";

/** Words of our own markers (`[redacted: seed phrase]`): they may stand where a secret was. */
const MARKER_WORDS = wordsIn(SECRET_KINDS.map(redactionMarker).join(" "));

interface Place {
  place: string;
  text: string;
}

/** Every stored text of a ticket that came from its customer, as `place: text`. */
export async function customerPlaces(ticketId: string): Promise<Place[]> {
  const db = env.DB;
  const all = async (sql: string) => (await db.prepare(sql).bind(ticketId).all<Record<string, unknown>>()).results;
  const places: Place[] = [];
  const add = (place: string, rows: Array<Record<string, unknown>>) => {
    for (const row of rows)
      for (const [k, v] of Object.entries(row)) places.push({ place: `${place}.${k}`, text: String(v ?? "") });
  };
  add("tickets", await all("SELECT subject, metadata FROM tickets WHERE id = ?1"));
  const inbound = "SELECT id FROM messages WHERE ticket_id = ?1 AND direction = 'in'";
  add("messages", await all(`SELECT body FROM messages WHERE id IN (${inbound})`));
  add("message_edits", await all(`SELECT previous_body FROM message_edits WHERE message_id IN (${inbound})`));
  add("attachments", await all(`SELECT filename, r2_key FROM attachments WHERE message_id IN (${inbound})`));
  add("contacts", await all("SELECT c.name FROM contacts c JOIN tickets t ON t.contact_id = c.id WHERE t.id = ?1"));
  add(
    "channel_identities",
    await all(
      "SELECT i.display_name FROM channel_identities i JOIN tickets t ON t.contact_id = i.contact_id WHERE t.id = ?1",
    ),
  );
  add(
    "search_fts",
    await all(`SELECT f.text FROM search_docs d JOIN search_fts f ON f.rowid = d.id WHERE d.doc_id = 't:' || ?1
      UNION ALL SELECT f.text FROM messages m JOIN search_fts f ON f.rowid = ${messageDocRowid("m")}
       WHERE m.id IN (${inbound})`),
  );
  add(
    "contact_search_fts",
    await all(`SELECT f.text FROM tickets t JOIN contacts c ON c.id = t.contact_id
      JOIN contact_search_fts f ON f.rowid = c.rowid WHERE t.id = ?1`),
  );
  add("email_inbound", await all("SELECT subject FROM email_inbound WHERE ticket_id = ?1"));
  return places;
}

/** The words of `words` that `text` holds as words of its own (markers aside). */
export function leaked(text: string, words: readonly string[], except: ReadonlySet<string>): string[] {
  const found = wordsIn(text);
  return words.filter((w) => found.has(w.toLowerCase()) && !MARKER_WORDS.has(w.toLowerCase()) && !except.has(w));
}

/** Two consecutive words of the secret side by side (any separator a name or key might use). */
export function pairsIn(text: string, words: readonly string[], except: ReadonlySet<string>): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i] as string, words[i + 1] as string];
    if (except.has(a) && except.has(b)) continue;
    const re = new RegExp(`(?<![a-z])${a}[\\s,._\\-/|]*${b}(?![a-z])`, "u");
    if (re.test(lower)) out.push(`${a} ${b}`);
  }
  return out;
}

/** Every string inside a JSON value, one per line. */
function stringsOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") return Object.values(value).map(stringsOf).join("\n");
  return "";
}

/**
 * Asserts that no word of `words` is stored for the ticket (D1, the search index, attachments and
 * their R2 objects), shown by the staff API, or found by its search. `token` is a word the
 * ticket's customer text holds besides the secret: searching for it must find the ticket (the
 * search works), searching for it with any secret word must not.
 */
export async function expectSecretGone(
  ticketId: string,
  words: readonly string[],
  opts: { token?: string; except?: ReadonlySet<string>; strings?: readonly string[] } = {},
): Promise<void> {
  const except = opts.except ?? new Set<string>();
  const problems: string[] = [];
  for (const p of await customerPlaces(ticketId)) {
    const hit = [...leaked(p.text, words, except), ...(opts.strings ?? []).filter((x) => p.text.includes(x))];
    if (hit.length) problems.push(`${p.place} holds ${hit.join(",")}: ${p.text.slice(0, 160)}`);
  }
  // Files: their R2 objects (keys and text content) and every key of the bucket.
  const { results: files } = await env.DB.prepare(
    `SELECT r2_key, content_type FROM attachments
      WHERE message_id IN (SELECT id FROM messages WHERE ticket_id = ?1 AND direction = 'in')`,
  )
    .bind(ticketId)
    .all<{ r2_key: string; content_type: string }>();
  for (const f of files) {
    const object = await env.ATTACHMENTS.get(f.r2_key);
    if (!object) problems.push(`R2 object ${f.r2_key} is missing`);
    else {
      const text = new TextDecoder().decode(await object.arrayBuffer());
      const hit = [...leaked(text, words, except), ...(opts.strings ?? []).filter((x) => text.includes(x))];
      if (hit.length && !/^image\/|^video\/|^application\/pdf/.test(f.content_type)) {
        problems.push(`R2 object ${f.r2_key} holds ${hit.join(",")}`);
      }
    }
  }
  const keys = await allKeys("attachments/");
  for (const k of keys) for (const pair of pairsIn(k, words, except)) problems.push(`R2 key ${k} holds "${pair}"`);

  // What staff see: the ticket (customer parts word by word, everything for pairs).
  const res = await api("GET", `/api/staff/tickets/${ticketId}`);
  expect(res.status).toBe(200);
  const view = (await res.json()) as {
    ticket: { subject: string; contact: { name: string | null } };
    messages: Array<{ author: string; body: string; attachments: Array<{ filename: string }> }>;
  };
  const shown = [
    view.ticket.subject,
    view.ticket.contact.name ?? "",
    ...view.messages
      .filter((m) => m.author === "customer")
      .flatMap((m) => [m.body, ...m.attachments.map((a) => a.filename)]),
  ].join("\n");
  const hit = leaked(shown, words, except);
  if (hit.length) problems.push(`the staff API shows ${hit.join(",")}`);
  for (const x of opts.strings ?? []) if (stringsOf(view).includes(x)) problems.push(`the staff API shows ${x}`);
  for (const pair of pairsIn(stringsOf(view), words, except)) problems.push(`the staff API shows "${pair}"`);

  // Staff search: the ticket by its token, and never by the token and a secret word.
  if (opts.token) {
    expect(await searchFinds(opts.token, ticketId), `search for ${opts.token}`).toBe(true);
    // Search matches substrings: words inside other text of the ticket (ours, or the customer's
    // other words) are found legitimately. What is left once the secret's words are taken out.
    const wordSet = new Set(words.map((w) => w.toLowerCase()));
    const ours = [
      ...view.messages.filter((m) => m.author !== "customer").map((m) => m.body),
      ...SECRET_KINDS.map(redactionMarker),
    ];
    const customers = (await customerPlaces(ticketId))
      .map((p) => p.text)
      .join("\n")
      .toLowerCase()
      .replace(/[a-z]+|\p{Script=Han}/gu, (w) => (wordSet.has(w) ? " " : w));
    const others = `${ours.join("\n").toLowerCase()}\n${customers}`;
    for (const w of new Set(words)) {
      if (except.has(w) || others.includes(w.toLowerCase())) continue;
      if (await searchFinds(`${opts.token} ${w}`, ticketId)) {
        const { results } = await env.DB.prepare(
          `SELECT d.doc_id, f.text FROM search_docs d JOIN search_fts f ON f.rowid = d.id
            WHERE d.ticket_id = ?1 AND f.text LIKE ?2
           UNION ALL SELECT 'm:' || m.id, f.text FROM messages m JOIN search_fts f ON f.rowid = ${messageDocRowid("m")}
            WHERE m.ticket_id = ?1 AND f.text LIKE ?2`,
        )
          .bind(ticketId, `%${w}%`)
          .all<{ doc_id: string; text: string }>();
        problems.push(`search "${opts.token} ${w}" finds the ticket: ${JSON.stringify(results).slice(0, 300)}`);
      }
    }
  }
  expect(problems).toEqual([]);
}

/** Whether the staff list's search for `q` returns the ticket. */
export async function searchFinds(q: string, ticketId: string): Promise<boolean> {
  const res = await api("GET", `/api/staff/tickets?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  const { tickets } = (await res.json()) as { tickets: Array<{ id: string }> };
  return tickets.some((t) => t.id === ticketId);
}

/** Every R2 key under `prefix`. */
export async function allKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await env.ATTACHMENTS.list({ prefix, ...(cursor ? { cursor } : {}) });
    keys.push(...page.objects.map((o) => o.key));
    if (!page.truncated) return keys;
    cursor = page.cursor;
  }
}

/** The inbound (customer) messages of a ticket straight from D1, oldest first. */
export async function inboundRows(ticketId: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, body, redacted FROM messages WHERE ticket_id = ?1 AND direction = 'in' ORDER BY created_at, rowid`,
  )
    .bind(ticketId)
    .all<{ id: string; body: string; redacted: number }>();
  return results;
}

/** The D1 tables (and FTS shadow tables) whose rows contain any of `needles`, as `table: row`. */
export async function d1RowsContaining(needles: string[]): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const hits: string[] = [];
  for (const { name } of results) {
    let rows: unknown[];
    try {
      rows = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
    } catch {
      continue; // virtual-table internals that cannot be read directly
    }
    for (const row of rows) {
      const text = JSON.stringify(row);
      if (needles.some((n) => text.includes(n))) hits.push(`${name}: ${text.slice(0, 200)}`);
    }
  }
  return hits;
}

/** Delivers one email through Postmark's inbound webhook; it must be accepted. */
export async function sendPostmark(m: ReturnType<typeof postmarkMessage>): Promise<void> {
  const res = await exports.default.fetch(toRequest(postmarkDelivery(JSON.stringify(m))));
  expect(res.status).toBeLessThan(300);
}

/** The ticket the sender's first email opened (its id and number, for a reply's `[RD-n]`). */
export async function emailTicketOf(from: string): Promise<{ id: string; number: number }> {
  const ticket = await env.DB.prepare(
    "SELECT t.id, t.number FROM tickets t JOIN email_inbound e ON e.ticket_id = t.id WHERE e.sender = ?1",
  )
    .bind(from)
    .first<{ id: string; number: number }>();
  if (!ticket) throw new Error("the first email opened no ticket");
  return ticket;
}
