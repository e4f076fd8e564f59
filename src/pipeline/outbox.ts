/** The hand-off from a stored outbound message to the deliveries queue. */
import type { DeliveryJob, Env } from "../env";
import { logError } from "../log";

/** Hands an outbound message to the deliveries queue. A lost hand-off is re-sent by the sweep. */
export async function enqueueDelivery(env: Env, messageId: string): Promise<void> {
  try {
    await env.DELIVERIES.send({ messageId } satisfies DeliveryJob);
  } catch (err) {
    logError("enqueue failed; the outbox sweep will retry", { messageId, error: String(err) });
  }
}
