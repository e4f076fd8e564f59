/** The `deliveries` queue consumer: one delivery per message, retries with the queue's delay. */
import type { ChannelFactory } from "../channels";
import type { ChannelRegistry } from "../core/channel";
import { type DeliveryJob, type Env, loadConfig } from "../env";
import { logError } from "../log";
import { deliverOutbound } from "./deliver";
import { parkDeadLetter } from "./outbox";

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
        // An eager send's try (src/pipeline/outbox.ts) counts too.
        msg.attempts + (msg.body.priorAttempts ?? 0),
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
