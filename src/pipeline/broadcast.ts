/** Incident broadcasts: one update, one outbound message per tagged ticket, each through its own channel. */
import { newId } from "../core/ids";
import type { Env } from "../env";
import { type Broadcast, createBroadcast } from "../store/incidents";
import { publishFeedEvent } from "./feed";
import { enqueueDelivery } from "./outbox";

/**
 * Stores the broadcast and hands its messages to the deliveries queue. A retried request
 * (same idempotency key) stores nothing new; its messages are handed over again, which the
 * delivery claim makes harmless (a sent message is never sent twice).
 */
export async function broadcastIncidentUpdate(
  deps: { env: Env; waitUntil: (p: Promise<unknown>) => void },
  args: { incidentId: string; idempotencyKey: string; body: string; bodyZh: string | null; staffId: string },
): Promise<{ broadcast: Broadcast; created: boolean }> {
  const result = await createBroadcast(deps.env.DB, {
    id: newId("bro"),
    ...args,
    now: new Date().toISOString(),
  });
  for (const m of result.broadcast.messages) await enqueueDelivery(deps.env, m.messageId);
  if (result.created) {
    deps.waitUntil(
      Promise.all(
        result.broadcast.messages.map((m) =>
          publishFeedEvent(deps.env, {
            type: "message.created",
            ticketId: m.ticketId,
            messageId: m.messageId,
            direction: "out",
            incidentId: args.incidentId,
          }),
        ),
      ),
    );
  }
  return result;
}
