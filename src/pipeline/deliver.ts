/** deliverOutbound(): outbox row -> channel adapter -> receipt, retry, or visible failure. */
import type { ChannelRegistry, OutboundMessage } from "../../channels/types";
import { PermanentError, RetryableError } from "../core/errors";
import { redactLogText } from "../core/log-redact";
import { planRetry } from "../core/retry";
import { withVerifyReminder } from "../core/verify";
import { type Config, type Env, isDevelopment } from "../env";
import { logError } from "../log";
import { claimDelivery, markFailed, markRetrying, markSent, type OutboundRecord } from "../store/outbox";
import { recordSandboxSend } from "../store/sandbox";
import { publishFeedEvent } from "./feed";

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
 */
export async function deliverOutbound(deps: DeliverDeps, messageId: string, attempt: number): Promise<DeliveryOutcome> {
  const { env } = deps;
  const now = deps.now?.() ?? new Date();
  const record = await claimDelivery(env.DB, messageId, now);
  if (!record) return { kind: "skipped" };

  let outcome: DeliveryOutcome;
  try {
    const providerMessageId = await send(deps, record);
    await markSent(env.DB, messageId, providerMessageId, deps.now?.() ?? new Date());
    outcome = { kind: "sent", providerMessageId };
  } catch (err) {
    outcome = await recordFailure(deps, record, attempt, err, now);
  }
  await publishFeedEvent(env, {
    type: "message.delivery",
    ticketId: record.ticketId,
    messageId,
    delivery: outcome.kind,
  });
  return outcome;
}

async function send(deps: DeliverDeps, record: OutboundRecord): Promise<string> {
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
  };
  if (!adapter.isConfigured(env)) {
    if (!isDevelopment(config)) {
      throw new PermanentError(`The ${record.channel} channel has no credentials configured`);
    }
    const id = await recordSandboxSend(env.DB, {
      channel: record.channel,
      recipient: record.recipient.externalId || record.recipient.email || "(unknown)",
      ticketId: record.ticketId,
      messageId: record.messageId,
      payload: {
        ticketNumber: record.ticketNumber,
        author: record.author,
        body: msg.body,
        attachments: record.attachments,
      },
    });
    return `sandbox:${id}`;
  }
  const receipt = await adapter.deliver(msg, env);
  return receipt.providerMessageId;
}

async function recordFailure(
  deps: DeliverDeps,
  record: OutboundRecord,
  attempt: number,
  err: unknown,
  now: Date,
): Promise<DeliveryOutcome> {
  const db = deps.env.DB;
  // A provider may echo what it was sent (a /t/ link, the Reply-To token): the reason is stored, shown and logged.
  const reason = redactLogText(err instanceof Error ? err.message : String(err));
  if (err instanceof PermanentError) {
    await markFailed(db, record.messageId, reason);
    return { kind: "failed", error: reason };
  }
  // Anything not known to be permanent (network trouble, a bug in a provider) is worth a retry.
  const retryAfterMs = err instanceof RetryableError ? err.retryAfterMs : undefined;
  if (!(err instanceof RetryableError))
    logError("unexpected delivery error", { messageId: record.messageId, error: reason });
  const plan = planRetry(attempt, deps.config.deliveryMaxAttempts, retryAfterMs, deps.random);
  if (!plan.retry) {
    const error = `${reason} (gave up after ${attempt} attempts)`;
    await markFailed(db, record.messageId, error);
    return { kind: "failed", error };
  }
  await markRetrying(db, record.messageId, reason, new Date(now.getTime() + plan.delayMs));
  return { kind: "retry", delayMs: plan.delayMs, error: reason };
}
