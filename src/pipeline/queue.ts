/** The `deliveries` queue consumer: one delivery per message, retries with the queue's delay. */
import type { ChannelRegistry } from "../../channels/types";
import { type DeliveryJob, type Env, loadConfig } from "../env";
import { deliverOutbound } from "./deliver";

/** Delivers each message of a batch; parks what ran out of tries in the dead-letter queue. */
export async function handleDeliveryBatch(
  batch: MessageBatch<DeliveryJob>,
  env: Env,
  channels: ChannelRegistry,
  opts: { random?: () => number } = {},
): Promise<void> {
  const config = loadConfig(env);
  for (const msg of batch.messages) {
    try {
      const outcome = await deliverOutbound(
        { env, config, channels, random: opts.random },
        msg.body.messageId,
        msg.attempts,
      );
      if (outcome.kind === "retry") {
        msg.retry({ delaySeconds: Math.ceil(outcome.delayMs / 1000) });
        continue;
      }
      if (outcome.kind === "failed") {
        // Kept for inspection and replay; the message row already says `failed` with the reason.
        await env.DEAD_LETTERS.send({ ...msg.body, error: outcome.error, failedAt: new Date().toISOString() });
      }
      msg.ack();
    } catch (err) {
      // D1 or the queue itself failed: let the queue try again (its own DLQ catches a crash loop).
      console.error("delivery consumer error", { messageId: msg.body.messageId, error: String(err) });
      msg.retry({ delaySeconds: 5 });
    }
  }
}
