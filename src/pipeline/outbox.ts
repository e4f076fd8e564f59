/**
 * The hand-off from a stored outbound message to its delivery: sent at once, right after the
 * webhook's answer (`dispatchOutbound`), with the deliveries queue as the fallback for what that
 * send could not finish, and the cron sweep for a hand-off that was lost altogether.
 */
import { createChannels } from "../channels";
import type { ChannelRegistry } from "../core/channel";
import type { Config, DeliveryJob, Env } from "../env";
import { logError } from "../log";
import type { OutboundRecord } from "../store/outbox";
import { type DeliveryOutcome, deliverOutbound } from "./deliver";

/** Hands an outbound message to the deliveries queue. A lost hand-off is re-sent by the sweep. */
export async function enqueueDelivery(
  env: Env,
  messageId: string,
  opts: { delaySeconds?: number; priorAttempts?: number } = {},
): Promise<void> {
  const job: DeliveryJob = { messageId, ...(opts.priorAttempts ? { priorAttempts: opts.priorAttempts } : {}) };
  try {
    await (opts.delaySeconds
      ? env.DELIVERIES.send(job, { delaySeconds: opts.delaySeconds })
      : env.DELIVERIES.send(job));
  } catch (err) {
    logError("enqueue failed; the outbox sweep will retry", { messageId, error: String(err) });
  }
}

/** What an eager send needs: the request's settings and `waitUntil`; the adapters are built when absent. */
export interface DispatchDeps {
  env: Env;
  config: Config;
  waitUntil: (p: Promise<unknown>) => void;
  channels?: ChannelRegistry;
  random?: () => number;
}

/**
 * Sends a stored outbound message eagerly, in `waitUntil`, so the common case needs no queue hop.
 * The send claims the row first (src/store/outbox.ts, an atomic UPDATE on `queued` or an expired
 * lease), so it and the queue consumer can never both send it; it runs the same delivery rules
 * (receipts, retries, split replies, the sandbox). Whatever it could not finish goes to the queue:
 * a retryable failure with its backoff (counted as the first attempt), a crash at once. A send the
 * runtime never finished (the `waitUntil` cut off) leaves the row queued or with a lease that
 * expires: the cron sweep hands it to the queue (src/pipeline/sweep.ts). With EAGER_DELIVERY = "off"
 * the ids go straight to the queue instead (awaited: the hand-off is done when this returns).
 */
export async function dispatchOutbound(
  deps: DispatchDeps,
  messageIds: string[],
  /** The lease the rows were stored claimed with (ingest's batch, only when sending eagerly): no claim statement. */
  claimedLease?: string,
  /** The rows as that batch read them back once stored claimed: no read of their own. */
  claimed: OutboundRecord[] = [],
): Promise<void> {
  if (!deps.config.eagerDelivery) {
    for (const id of messageIds) await enqueueDelivery(deps.env, id);
    return;
  }
  if (!messageIds.length) return;
  // One after the other, in the order they were stored, as the queue would (a rule's answer, then the ack).
  deps.waitUntil(
    (async () => {
      for (const id of messageIds) {
        await sendEagerly(
          deps,
          id,
          claimedLease,
          claimed.find((r) => r.messageId === id),
        );
      }
    })(),
  );
}

/** The eager send itself (exported for tests, which await it). Never throws. */
export async function sendEagerly(
  deps: DispatchDeps,
  messageId: string,
  claimedLease?: string,
  claimed?: OutboundRecord,
): Promise<DeliveryOutcome | null> {
  const { env, config } = deps;
  // Not awaited by the handler: its answer goes out while this claims and sends. (No timer to defer it:
  // a setTimeout left in waitUntil brought `wrangler dev`'s workerd down under concurrent load.)
  let outcome: DeliveryOutcome;
  try {
    const channels = deps.channels ?? createChannels(config, env);
    outcome = await deliverOutbound(
      { env, config, channels, random: deps.random },
      messageId,
      1,
      claimedLease,
      claimed,
    );
  } catch (err) {
    // D1 or the hub failed before a provider answered: the queue tries it again (its claim decides; a row stored
    // claimed is the queue's once that lease has run out, so the job waits for it).
    logError("eager delivery error; handed to the queue", { messageId, error: String(err) });
    const leaseLeft = claimedLease ? Math.ceil((Date.parse(claimedLease) - Date.now()) / 1000) + 1 : 0;
    await enqueueDelivery(env, messageId, leaseLeft > 0 ? { delaySeconds: leaseLeft } : {});
    return null;
  }
  if (outcome.kind === "retry") {
    await enqueueDelivery(env, messageId, { delaySeconds: Math.ceil(outcome.delayMs / 1000), priorAttempts: 1 });
  } else if (outcome.kind === "failed") {
    await parkDeadLetter(env, { messageId }, outcome.error);
  }
  return outcome;
}

/**
 * Keeps what ran out of tries in the dead-letter queue for inspection and replay. The message
 * row already says `failed` with the reason (the source of truth staff see), so a failure here
 * is logged rather than retried: a retry would find the row failed and do nothing.
 */
export async function parkDeadLetter(env: Env, job: DeliveryJob, error: string): Promise<void> {
  try {
    await env.DEAD_LETTERS.send({ ...job, error, failedAt: new Date().toISOString() });
  } catch (err) {
    logError("dead-letter send failed; the message stays failed in D1", {
      messageId: job.messageId,
      error: String(err),
    });
  }
}
