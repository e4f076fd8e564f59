/** Builders for the archive tests: a closed ticket with every kind of row, snapshots of its rows, and calls. */
import { env } from "cloudflare:workers";
import { ARCHIVED_TABLES } from "../../../src/core/archive";
import { call } from "../staff/helpers";
import { BOOTSTRAP, count, waitFor } from "../support";

export { call, count, staffWithToken } from "../staff/helpers";
export { BOOTSTRAP };

const HEX = "0123456789abcdef";
export function randomHex(n: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => HEX[b % 16]).join("");
}

/** A word nobody else's ticket holds (searchable through the trigram index). */
export function uniqueWord(): string {
  return `zq${randomHex(10)}`;
}

/** Writes in as a customer of `conversation` through the sandbox ingest (a real ingest). */
export async function customerWrites(conversation: string, text: string, sender = `${conversation}@example.com`) {
  const res = await call("POST", "/dev/sandbox/inbound", {
    json: { channel: "webform", sender, conversation, text },
  });
  if (res.status !== 201) throw new Error(`sandbox inbound: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { result: { ticketId: string; outcome: string; messageId: string } }).result;
}

/**
 * A ticket with a customer message (a TxID in it), a staff reply, a note, an attachment, and closed
 * long ago: everything the archive must carry.
 */
export async function closedTicket(opts: { daysAgo?: number } = {}) {
  const conversation = `arch-${randomHex(8)}`;
  const word = uniqueWord();
  const txid = `0x${randomHex(64)}`;
  const first = await customerWrites(conversation, `My deposit ${word} is missing, tx ${txid} 提现 没到`);
  const ticketId = first.ticketId;
  const staff = { Authorization: `Bearer ${BOOTSTRAP}` };
  for (const [kind, body] of [
    ["replies", `We are checking ${word}`],
    ["notes", `Internal: chain congested ${randomHex(6)}`],
  ]) {
    const res = await call("POST", `/api/staff/tickets/${ticketId}/${kind}`, { headers: staff, json: { body } });
    if (res.status !== 201) throw new Error(`${kind}: ${res.status} ${await res.text()}`);
  }
  // An attachment on the customer's message, as a channel stores one (R2 object + row).
  const attachmentId = `att_${randomHex(12)}`;
  const bytes = crypto.getRandomValues(new Uint8Array(300));
  const r2Key = `attachments/webform/${randomHex(16)}/0-receipt.bin`;
  await env.ATTACHMENTS.put(r2Key, bytes);
  await env.DB.prepare(
    `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
     VALUES (?1, ?2, ?3, '收据 receipt.bin', 'application/octet-stream', ?4, ?5)`,
  )
    .bind(attachmentId, first.messageId, r2Key, bytes.byteLength, new Date().toISOString())
    .run();
  // The reply is delivered first (a ticket with a message still on its way out is never archived).
  await delivered(ticketId, "the reply's delivery");
  const closed = await call("PATCH", `/api/staff/tickets/${ticketId}`, { headers: staff, json: { status: "closed" } });
  if (closed.status !== 200) throw new Error(`close: ${closed.status} ${await closed.text()}`);
  await closeLongAgo(ticketId, opts.daysAgo ?? 200);
  return { ticketId, conversation, word, txid, attachmentId, bytes, firstMessageId: first.messageId };
}

/** Moves a closed ticket's closing date back (what time would do). */
export async function closeLongAgo(ticketId: string, daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  await env.DB.prepare("UPDATE tickets SET closed_at = ?2 WHERE id = ?1").bind(ticketId, at).run();
}

/** Every row of the ticket in every archived table, plus the references from rows that stay. */
export async function snapshot(ticketId: string) {
  const m = "(SELECT id FROM messages WHERE ticket_id = ?1)";
  const where: Record<string, string> = {
    messages: "ticket_id = ?1",
    ticket_entities: "ticket_id = ?1",
    kb_suggestions: "ticket_id = ?1",
    staff_ticket_reads: "ticket_id = ?1",
    audit_log: `(target_type = 'ticket' AND target_id = ?1) OR (target_type = 'message' AND target_id IN ${m})`,
    staff_uploads: `ticket_id = ?1 AND message_id IN ${m}`,
  };
  const out = {} as Record<(typeof ARCHIVED_TABLES)[number] | "ticket", unknown[]>;
  for (const t of ARCHIVED_TABLES) {
    const w = where[t] ?? `message_id IN ${m}`;
    // A WITHOUT ROWID table has no rowid: email_sent (migrations/0038) in the order of its columns.
    const order =
      t === "note_mentions" || t === "staff_ticket_reads"
        ? "1"
        : t === "email_sent"
          ? "created_at, message_id_header"
          : "rowid";
    const { results } = await env.DB.prepare(`SELECT * FROM ${t} WHERE ${w} ORDER BY ${order}`).bind(ticketId).all();
    out[t] = results;
  }
  out.ticket = (await env.DB.prepare("SELECT * FROM tickets WHERE id = ?1").bind(ticketId).all()).results;
  return out;
}

/** GET as the bootstrap admin. */
export function staffGet(path: string, headers: Record<string, string> = {}) {
  return call("GET", path, { token: BOOTSTRAP, headers });
}

/** Waits until no message of the ticket is still on its way out (queued or being sent). */
export async function delivered(ticketId: string, what = "deliveries"): Promise<void> {
  await waitFor(
    async () =>
      (await count(
        "SELECT count(*) AS n FROM messages WHERE ticket_id = ?1 AND delivery_status IN ('queued', 'sending')",
        ticketId,
      )) === 0
        ? true
        : undefined,
    what,
  );
}
