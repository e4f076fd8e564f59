/** The `deliveries` queue consumer: one delivery per message, retries with the queue's delay. */
import type { ChannelFactory } from "../channels";
import type { ChannelRegistry } from "../core/channel";
import { type DeliveryJob, type Env, loadConfig } from "../env";
import { logError } from "../log";
import { deliverOutbound } from "./deliver";

/** Delivers each message of a batch; parks what ran out of tries in the dead-letter queue. */
export async function handleDeliveryBatch(
  batch: MessageBatch<DeliveryJob>,
  env: Env,
  channels: ChannelRegistry | ChannelFactory,
  opts: { random?: () => number } = {},
): Promise<void> {
  // Settings parsed once for the whole batch; the adapters are built from them.
  const config = loadConfig(env);
  const registry = typeof channels === "function" ? channels(config, env) : channels;
  for (const msg of batch.messages) {
    try {
      const outcome = await deliverOutbound(
        { env, config, channels: registry, random: opts.random },
        msg.body.messageId,
        msg.attempts,
      );
      if (outcome.kind === "retry") {
        msg.retry({ delaySeconds: Math.ceil(outcome.delayMs / 1000) });
        continue;
      }
      if (outcome.kind === "failed") await parkDeadLetter(env, msg.body, outcome.error);
      msg.ack();
    } catch (err) {
      // D1 or the queue itself failed: let the queue try again (its own DLQ catches a crash loop).
      logError("delivery consumer error", { messageId: msg.body.messageId, error: String(err) });
      msg.retry({ delaySeconds: 5 });
    }
  }
}

/**
 * Keeps what ran out of tries in the dead-letter queue for inspection and replay. The message
 * row already says `failed` with the reason (the source of truth staff see), so a failure here
 * is logged rather than retried: a retry would find the row failed and do nothing.
 */
async function parkDeadLetter(env: Env, job: DeliveryJob, error: string): Promise<void> {
  try {
    await env.DEAD_LETTERS.send({ ...job, error, failedAt: new Date().toISOString() });
  } catch (err) {
    logError("dead-letter send failed; the message stays failed in D1", {
      messageId: job.messageId,
      error: String(err),
    });
  }
}
