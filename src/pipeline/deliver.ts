/**
 * deliverOutbound(): outbox row -> channel adapter -> receipt, retry, or visible failure. The rules
 * every channel shares live here, once: the verify reminder under bot messages, the development
 * sandbox (a decorator over an adapter without credentials), resuming a split reply after the parts
 * the provider already accepted, marking a recipient unreachable, and the web form's "staff replied"
 * email (a fan-out through the email adapter). The same rules send the bot's own texts outside any
 * ticket (`bot_…` ids, src/pipeline/outbox-tables.ts), with their buttons.
 */
import type { ChannelAdapter, ChannelRegistry, DeliveryContext, OutboundMessage, SendStep } from "../core/channel";
import { PermanentError, RetryableError, UnreachableError } from "../core/errors";
import { redactLogText } from "../core/log-redact";
import { planRetry } from "../core/retry";
import { withVerifyReminder } from "../core/verify-texts";
import { type Config, type Env, isDevelopment } from "../env";
import { logError, logWarn } from "../log";
import { setIdentityReachable } from "../store/contacts";
import { recordSandboxSend } from "../store/sandbox";
import { publishFeedEvent } from "./feed";
import { type ClaimedOutbound, type OutboxTable, outboxTableOf } from "./outbox-tables";

export type DeliveryOutcome =
  | { kind: "sent"; providerMessageId: string }
  /** Already sent, failed, unknown, or being sent by another consumer: nothing to do. */
  | { kind: "skipped" }
  | { kind: "retry"; delayMs: number; error: string }
  | { kind: "failed"; error: string };

export interface DeliverDeps {
  env: Env;
  config: Config;
  channels: ChannelRegistry;
  now?: () => Date;
  random?: () => number;
}

/**
 * Sends one outbound message at most once per success. `attempt` is the 1-based try of this
 * hand-off (the queue's count), which decides whether a retryable failure gets another go.
 * `claimedLease`: the row was stored already claimed with that lease (ingest's eager send), so it is
 * read rather than claimed again.
 */
export async function deliverOutbound(
  deps: DeliverDeps,
  messageId: string,
  attempt: number,
  claimedLease?: string,
  /** The row as the batch that stored it claimed with that lease read it: used while the lease holds. */
  claimed?: ClaimedOutbound,
): Promise<DeliveryOutcome> {
  const { env } = deps;
  const now = deps.now?.() ?? new Date();
  const table = outboxTableOf(messageId);
  const record =
    claimedLease && table.readClaimed
      ? claimed?.messageId === messageId && now.toISOString() < claimedLease
        ? claimed
        : await table.readClaimed(env.DB, messageId, claimedLease)
      : await table.claim(env.DB, messageId, now);
  if (!record) return { kind: "skipped" };

  let outcome: DeliveryOutcome;
  try {
    const providerMessageId = await send(deps, table, record);
    await table.markSent(env.DB, messageId, providerMessageId, deps.now?.() ?? new Date());
    outcome = { kind: "sent", providerMessageId };
  } catch (err) {
    outcome = await recordFailure(deps, table, record, attempt, err, now);
  }
  if (table.botTexts) {
    // No ticket, so no staff feed to show it: the failure goes to the log (its row says failed too).
    if (outcome.kind === "failed") logError("bot text not delivered", { messageId, error: outcome.error });
    return outcome;
  }
  await publishFeedEvent(env, {
    type: "message.delivery",
    ticketId: record.ticketId,
    messageId,
    delivery: outcome.kind,
  });
  return outcome;
}

async function send(deps: DeliverDeps, table: OutboxTable, record: ClaimedOutbound): Promise<string> {
  const { env, config } = deps;
  const adapter = deps.channels[record.channel];
  if (!adapter) throw new PermanentError(`The ${record.channel} channel is not available in this deployment`);
  const msg: OutboundMessage = {
    messageId: record.messageId,
    // The conversation's ticket: threading, reply tokens and rating buttons belong to it.
    ticketId: record.conversationTicketId,
    ticketNumber: record.ticketNumber,
    ticketSubject: record.ticketSubject,
    ticketAccessToken: record.ticketAccessToken,
    channel: record.channel,
    conversationKey: record.conversationKey,
    recipient: record.recipient,
    author: record.author,
    // Every bot message ends with the anti-impersonation line: added here, once, for every channel.
    body: record.author === "bot" ? withVerifyReminder(record.language, record.body, config.publicUrl) : record.body,
    attachments: record.attachments,
    language: record.language,
    replyToProviderMessageId: record.replyToProviderMessageId,
    ...(record.csat ? { csat: true } : {}),
    ...(record.buttons?.length ? { buttons: record.buttons } : {}),
  };
  const ctx: DeliveryContext = {
    async readAttachment(r2Key) {
      const object = await env.ATTACHMENTS.get(r2Key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
  };
  const steps = await withSandbox(adapter, deps, record).prepare(msg, ctx);
  // Web-form customers live on their ticket page; a staff reply also reaches a proven address by
  // email (the outbox gives a recipient email only then: a typed one is a claim).
  const email = deps.channels.email;
  if (record.channel === "webform" && msg.author === "staff" && msg.recipient.email && email?.isConfigured()) {
    steps.push(...(await email.prepare(msg, ctx)));
  }
  if (!steps.length) throw new PermanentError("Nothing to send: the message is empty");
  return runSteps(deps, table, record, steps);
}

/**
 * The development sandbox as a decorator: an adapter without credentials records what it would
 * have sent (shown at /dev/sandbox) instead of calling the outside service; in production that is
 * a visible failure, never a silent drop.
 */
function withSandbox(adapter: ChannelAdapter, deps: DeliverDeps, record: ClaimedOutbound): ChannelAdapter {
  if (adapter.isConfigured()) return adapter;
  return {
    name: adapter.name,
    isConfigured: () => true,
    async prepare(msg) {
      if (!isDevelopment(deps.config)) {
        throw new PermanentError(`The ${record.channel} channel has no credentials configured`);
      }
      return [
        async () => {
          const id = await recordSandboxSend(deps.env.DB, {
            channel: record.channel,
            recipient: record.recipient.externalId || record.recipient.email || "(unknown)",
            ...(record.ticketId ? { ticketId: record.ticketId } : {}),
            messageId: record.messageId,
            payload: {
              ...(record.ticketNumber ? { ticketNumber: record.ticketNumber } : {}),
              author: record.author,
              body: msg.body,
              attachments: record.attachments,
              ...(msg.buttons ? { keyboard: msg.buttons } : {}),
            },
          });
          return `sandbox:${id}`;
        },
      ];
    },
  };
}

/**
 * Runs the steps in order; the receipt is the first step's id. A message of several steps records
 * each accepted one, so a retry after a part-way failure resumes with the step that failed instead
 * of sending the customer the first parts again. A recipient who cannot be reached any more is
 * marked so (staff see it, and nothing more is queued for them there).
 */
async function runSteps(
  deps: DeliverDeps,
  table: OutboxTable,
  record: ClaimedOutbound,
  steps: SendStep[],
): Promise<string> {
  const db = deps.env.DB;
  const multiPart = steps.length > 1;
  const sent = multiPart ? await table.sentParts(db, record) : [];
  try {
    for (const step of steps.slice(sent.length)) {
      const id = await step();
      sent.push(id);
      if (multiPart) await rememberPart(db, table, record, id, deps.now?.() ?? new Date());
    }
  } catch (err) {
    if (err instanceof UnreachableError && err.recipient) {
      await setIdentityReachable(db, { channel: record.channel, externalId: err.recipient, reachable: false });
    }
    throw err;
  }
  return sent[0] as string;
}

/** Best effort: a part the provider accepted is sent, whether or not D1 takes the note of it. */
async function rememberPart(
  db: D1Database,
  table: OutboxTable,
  record: ClaimedOutbound,
  partId: string,
  now: Date,
): Promise<void> {
  try {
    await table.recordPart(db, record, partId, now);
  } catch (err) {
    logWarn("could not record a sent part; a retry may repeat it", {
      messageId: record.messageId,
      error: String(err),
    });
  }
}

async function recordFailure(
  deps: DeliverDeps,
  table: OutboxTable,
  record: ClaimedOutbound,
  attempt: number,
  err: unknown,
  now: Date,
): Promise<DeliveryOutcome> {
  const db = deps.env.DB;
  // A provider may echo what it was sent (a /t/ link, the Reply-To token): the reason is stored, shown and logged.
  const reason = redactLogText(err instanceof Error ? err.message : String(err));
  if (err instanceof PermanentError) {
    await table.markFailed(db, record.messageId, reason);
    return { kind: "failed", error: reason };
  }
  // Anything not known to be permanent (network trouble, a bug in a provider) is worth a retry.
  const retryAfterMs = err instanceof RetryableError ? err.retryAfterMs : undefined;
  if (!(err instanceof RetryableError))
    logError("unexpected delivery error", { messageId: record.messageId, error: reason });
  const plan = planRetry(attempt, deps.config.deliveryMaxAttempts, retryAfterMs, deps.random);
  if (!plan.retry) {
    const error = `${reason} (gave up after ${attempt} attempts)`;
    await table.markFailed(db, record.messageId, error);
    return { kind: "failed", error };
  }
  await table.markRetrying(db, record.messageId, reason, new Date(now.getTime() + plan.delayMs));
  return { kind: "retry", delayMs: plan.delayMs, error: reason };
}
