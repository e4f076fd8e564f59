/** Channel-neutral helpers for integration tests: polling, the staff API as staff see it, row counts. */
import { env, exports } from "cloudflare:workers";

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

export interface TicketJson {
  id: string;
  number: string;
  status: string;
  priority: string;
  category: string;
  subject: string;
  language: string;
  tags: string[];
  channel: string;
  contact: { name: string | null; identities: Array<{ channel: string; externalId: string; reachable: boolean }> };
}

export interface MessageJson {
  id: string;
  direction: string;
  author: string;
  body: string;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number }>;
  replyToMessageId: string | null;
  editedAt?: string;
  edits?: Array<{ previousBody: string; editedAt: string }>;
  delivery?: { status: string; attempts: number; error: string | null; providerMessageId: string | null };
}

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
