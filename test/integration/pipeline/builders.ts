import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { ChannelAdapter, OutboundMessage } from "../../../src/core/channel";
import { PermanentError, RetryableError } from "../../../src/core/errors";
import type { ChannelName, InboundAttachment, InboundMessage, InboundSender } from "../../../src/core/inbound";
import { type Config, type Env, loadConfig } from "../../../src/env";
import { type IngestDeps, type IngestResult, ingestInbound } from "../../../src/pipeline/ingest";

/** A short unique marker, so each test touches and counts only its own rows (storage is shared). */
export function unique(prefix = "t"): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
}

/** An InboundMessage with a unique provider id, conversation and sender unless given. */
export function inbound(
  over: Partial<Omit<InboundMessage, "sender">> & { sender?: Partial<InboundSender> } = {},
): InboundMessage {
  const id = unique();
  const channel: ChannelName = over.channel ?? "webform";
  const { sender, ...rest } = over;
  const externalId = sender?.externalId ?? `${id}@example.com`;
  return {
    channel,
    providerMessageId: `pm-${id}`,
    conversationKey: `${channel}:${id}`,
    text: `My deposit of 100 USDT has not arrived ${id}`,
    attachments: [],
    sentAt: new Date(),
    ...rest,
    // The email channel proves its sender's address (answers go there); a typed one (the web form) is a claim.
    sender: {
      displayName: "Alice Example",
      email: externalId,
      ...(channel === "email" ? { emailVerified: true } : {}),
      ...sender,
      externalId,
    },
  };
}

/** A file for an InboundMessage. */
export function attachment(filename = "receipt.png", text = `bytes ${unique()}`): InboundAttachment {
  return { filename, contentType: "image/png", data: new TextEncoder().encode(text) };
}

/** A Queue stand-in that records what was sent to it. */
export function recordingQueue<Body = unknown>(): Queue<Body> & { sent: Body[] } {
  const sent: Body[] = [];
  return {
    sent,
    async send(body: Body) {
      sent.push(body);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<Body>>) {
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue<Body> & { sent: Body[] };
}

/**
 * The test env with the deliveries queue swapped for a recorder and the eager send off
 * (EAGER_DELIVERY), so neither the Worker's own consumer nor a send right after ingest delivers
 * (and changes) the rows a test is looking at: every outbound message waits in the recorder.
 */
export function isolatedEnv(): { env: Env; deliveries: ReturnType<typeof recordingQueue<{ messageId: string }>> } {
  const deliveries = recordingQueue<{ messageId: string }>();
  return { env: { ...env, DELIVERIES: deliveries, EAGER_DELIVERY: "off" } as Env, deliveries };
}

/** Runs ingestInbound with its own execution context and waits for the follow-up work. */
export async function ingest(
  msg: InboundMessage,
  opts: { env?: Env; now?: () => Date; config?: Config } = {},
): Promise<IngestResult> {
  const ctx = createExecutionContext();
  const e = opts.env ?? isolatedEnv().env;
  const deps: IngestDeps = {
    env: e,
    config: opts.config ?? loadConfig(e),
    waitUntil: (p) => ctx.waitUntil(p),
    now: opts.now,
  };
  try {
    return await ingestInbound(deps, msg);
  } finally {
    await waitOnExecutionContext(ctx);
  }
}

/** One row, or undefined. */
export async function first<T>(sql: string, ...binds: unknown[]): Promise<T | undefined> {
  return (
    (await env.DB.prepare(sql)
      .bind(...binds)
      .first<T>()) ?? undefined
  );
}

/** All rows. */
export async function all<T>(sql: string, ...binds: unknown[]): Promise<T[]> {
  const { results } = await env.DB.prepare(sql)
    .bind(...binds)
    .all<T>();
  return results;
}

/** A COUNT(*) AS n query. */
export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  return (await first<{ n: number }>(sql, ...binds))?.n ?? 0;
}

export interface MessageRowLite {
  id: string;
  ticket_id: string;
  direction: string;
  author: string;
  channel: string;
  body: string;
  provider_message_id: string | null;
  delivery_status: string | null;
  delivery_attempts: number;
  delivery_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
}

/** The stored message row. */
export async function messageRow(id: string): Promise<MessageRowLite> {
  const row = await first<MessageRowLite>("SELECT * FROM messages WHERE id = ?1", id);
  if (!row) throw new Error(`no message ${id}`);
  return row;
}

/** The bot acknowledgements of a ticket, oldest first. */
export async function acksOf(ticketId: string): Promise<MessageRowLite[]> {
  return all<MessageRowLite>(
    "SELECT * FROM messages WHERE ticket_id = ?1 AND direction = 'out' AND author = 'bot' ORDER BY created_at, rowid",
    ticketId,
  );
}

/**
 * A ticket on `channel` with one queued outbound (bot acknowledgement) message, made by a real
 * ingest whose queue hand-off is recorded, not delivered: the test delivers it itself.
 */
export async function queuedOutbound(channel: ChannelName = "discord", text?: string) {
  const result = await ingest(inbound({ channel, ...(text ? { text } : {}) }));
  const [ack] = await acksOf(result.ticketId);
  if (!ack) throw new Error("no acknowledgement was written");
  return { ticketId: result.ticketId, ticketNumber: result.ticketNumber, messageId: ack.id };
}

type Step = "ok" | { retryable: number | undefined } | "permanent" | Error;

/**
 * A ChannelAdapter whose one send step follows a script (then succeeds), recording each call.
 * `{ retryable: ms }` throws RetryableError(ms), "permanent" throws PermanentError.
 */
export function scriptedAdapter(
  name: ChannelName,
  script: Step[] = [],
  opts: { configured?: boolean; otherwise?: Step; onCall?: () => Promise<void> } = {},
): ChannelAdapter & { calls: OutboundMessage[] } {
  const calls: OutboundMessage[] = [];
  return {
    name,
    calls,
    isConfigured: () => opts.configured ?? true,
    async prepare(msg: OutboundMessage) {
      return [
        async () => {
          calls.push(msg);
          await opts.onCall?.();
          const step = script[calls.length - 1] ?? opts.otherwise ?? "ok";
          if (step instanceof Error) throw step;
          if (step === "permanent") throw new PermanentError(`${name} says the recipient blocked the bot`);
          if (step !== "ok") throw new RetryableError(`${name} is busy (429)`, step.retryable);
          return `${name}-receipt-${calls.length}-${msg.messageId}`;
        },
      ];
    },
  };
}
