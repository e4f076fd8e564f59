/** Channel-neutral helpers for integration tests: polling, the staff API as staff see it, row counts, settled state. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Message, Ticket } from "../../src/core/ticket";
import worker from "../../src/index";

export const BOOTSTRAP = "test-bootstrap-token";

/** Polls until `fn` returns something other than undefined. */
export async function waitFor<T>(fn: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until a message's delivery status satisfies `until`; returns the message. */
export async function deliveryOf(ticketId: string, messageId: string, until: (status: string) => boolean) {
  return waitFor(async () => {
    const { messages } = await staffTicket(ticketId);
    const m = messages.find((x) => x.id === messageId);
    return m?.delivery && until(m.delivery.status) ? m : undefined;
  }, `delivery of ${messageId}`);
}

/** A ticket as the staff API answers it (the API's own type). */
export type TicketJson = Ticket;

/** A message as the staff API answers it (the API's own type). */
export type MessageJson = Message;

/** A ticket with its messages through the staff API. */
export async function staffTicket(id: string): Promise<{ ticket: TicketJson; messages: MessageJson[] }> {
  const res = await exports.default.fetch(`http://relaydesk.test/api/staff/tickets/${id}`, {
    headers: { Authorization: `Bearer ${BOOTSTRAP}` },
  });
  if (res.status !== 200) throw new Error(`GET ticket ${id}: ${res.status}`);
  return (await res.json()) as { ticket: TicketJson; messages: MessageJson[] };
}

/** A staff reply through the staff API; returns the stored message. */
export async function staffReply(ticketId: string, body: string): Promise<MessageJson> {
  const res = await exports.default.fetch(`http://relaydesk.test/api/staff/tickets/${ticketId}/replies`, {
    method: "POST",
    headers: { Authorization: `Bearer ${BOOTSTRAP}`, "Content-Type": "application/json" },
    body: JSON.stringify({ body }),
  });
  if (res.status !== 201) throw new Error(`reply: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { message: MessageJson }).message;
}

/** Rows of a table matching a condition (for "nothing stored" checks). */
export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Hex HMAC-SHA256, computed here independently of the Worker's own helper (signs test webhooks). */
export async function testHmacHex(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const sig = await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(data));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Runs a request through the Worker's fetch handler and waits for everything it left to
 * `ctx.waitUntil` (bot texts, feed events, nested work too): what the request was going to do is done.
 */
export async function fetchSettled(url: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** An outbound message row, as the delivery queue left it. */
export interface OutboxRow {
  id: string;
  ticketId: string;
  author: string;
  body: string;
  status: string;
  attempts: number;
}

/** Which outbound messages: a conversation's (by the ticket it is sent into), a ticket's, or those with one of some bodies. */
export type OutboxFilter = { conversationKey: string } | { ticketId: string } | { bodies: string[] };

async function outboxRows(filter: OutboxFilter): Promise<OutboxRow[]> {
  const [where, bind] =
    "conversationKey" in filter
      ? ["o.conversation_key = ?1", filter.conversationKey]
      : "ticketId" in filter
        ? ["m.ticket_id = ?1", filter.ticketId]
        : ["m.body IN (SELECT value FROM json_each(?1))", JSON.stringify(filter.bodies)];
  const { results } = await env.DB.prepare(
    `SELECT m.id, m.ticket_id AS ticketId, m.author, m.body, m.delivery_status AS status,
        m.delivery_attempts AS attempts
       FROM messages m JOIN tickets o ON o.id = COALESCE(m.origin_ticket_id, m.ticket_id)
      WHERE m.direction = 'out' AND ${where} ORDER BY m.created_at, m.rowid`,
  )
    .bind(bind)
    .all<OutboxRow>();
  return results;
}

/**
 * Waits until the deliveries queue has consumed every job queued before this call. A staff reply
 * on a throwaway ticket goes in behind them; miniflare's queue hands batches to the consumer in
 * order, one at a time, and the consumer delivers a batch one message after another, so once that
 * reply is decided every earlier job has run (a repeated job included).
 */
export async function drainDeliveries(ms = 20_000): Promise<void> {
  const sender = `barrier-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await exports.default.fetch("http://relaydesk.test/dev/sandbox/inbound", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ channel: "webform", sender, text: "Queue barrier" }),
  });
  if (res.status !== 201) throw new Error(`barrier ticket: ${res.status} ${await res.text()}`);
  const { result } = (await res.json()) as { result: { ticketId: string } };
  const reply = await staffReply(result.ticketId, `Barrier ${sender}`);
  await waitFor(
    async () =>
      (await outboxRows({ ticketId: result.ticketId })).find(
        (r) => r.id === reply.id && r.status !== "queued" && r.status !== "sending",
      )
        ? true
        : undefined,
    "the queue barrier's delivery",
    ms,
  );
}

/**
 * The outbound messages `filter` selects once the queue has decided them all: none is still
 * queued or being sent (a retry waiting out its delay included), and every job queued until then
 * has been consumed (drainDeliveries). "Sent once" or "nothing sent" checked after this is final.
 */
export async function settledOutbox(filter: OutboxFilter, ms = 20_000): Promise<OutboxRow[]> {
  await waitFor(
    async () =>
      (await outboxRows(filter)).some((r) => r.status === "queued" || r.status === "sending") ? undefined : true,
    `the outbox of ${JSON.stringify(filter)} to drain`,
    ms,
  );
  await drainDeliveries(ms);
  return outboxRows(filter);
}

/** Rows of messages of a ticket straight from D1, oldest first. */
export async function messageRows(ticketId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, direction, author, body, redacted FROM messages WHERE ticket_id = ?1 ORDER BY created_at, rowid",
  )
    .bind(ticketId)
    .all<{ id: string; direction: string; author: string; body: string; redacted: number }>();
  return results;
}
