/** The development sandbox: what channels without credentials would have sent. */
import { newId } from "../core/ids";

export interface SandboxEntry {
  id: string;
  channel: string;
  recipient: string;
  ticketId: string | null;
  messageId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** Records one would-be send; returns its id (used as the delivery receipt). */
export async function recordSandboxSend(
  db: D1Database,
  e: { channel: string; recipient: string; ticketId?: string; messageId?: string; payload: Record<string, unknown> },
): Promise<string> {
  const id = newId("sbx");
  await db
    .prepare(
      `INSERT INTO sandbox_outbox (id, channel, recipient, ticket_id, message_id, payload, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(
      id,
      e.channel,
      e.recipient,
      e.ticketId ?? null,
      e.messageId ?? null,
      JSON.stringify(e.payload),
      new Date().toISOString(),
    )
    .run();
  return id;
}

/** The newest sandbox entries, optionally for one channel. */
export async function listSandboxSends(
  db: D1Database,
  opts: { channel?: string; limit?: number } = {},
): Promise<SandboxEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM sandbox_outbox WHERE (?1 IS NULL OR channel = ?1) ORDER BY created_at DESC, id DESC LIMIT ?2`,
    )
    .bind(opts.channel ?? null, opts.limit ?? 100)
    .all<{
      id: string;
      channel: string;
      recipient: string;
      ticket_id: string | null;
      message_id: string | null;
      payload: string;
      created_at: string;
    }>();
  return results.map((r) => ({
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    ticketId: r.ticket_id,
    messageId: r.message_id,
    payload: JSON.parse(r.payload),
    createdAt: r.created_at,
  }));
}
