/** The cron sweep: re-enqueues outbound messages and bot texts whose queue hand-off was lost. */
import type { Env } from "../env";
import { listOverdueBotTexts, touchBotTextNextAttempt } from "../store/bot-outbox";
import { listOverdueDeliveries, touchNextAttempt } from "../store/outbox";
import { enqueueDelivery } from "./outbox";

/** How long past its due time a queued message must be before the sweep assumes its queue message was lost. */
export const SWEEP_GRACE_MS = 5 * 60_000;

/** Re-enqueues overdue deliveries; returns their ids. The delivery claim makes a double hand-off harmless. */
export async function sweepOutbox(env: Env, now: Date = new Date()): Promise<string[]> {
  const olderThan = new Date(now.getTime() - SWEEP_GRACE_MS);
  const [messages, botTexts] = await Promise.all([
    listOverdueDeliveries(env.DB, olderThan),
    listOverdueBotTexts(env.DB, olderThan),
  ]);
  const ids = [...messages, ...botTexts];
  for (const id of ids) await enqueueDelivery(env, id);
  await Promise.all([touchNextAttempt(env.DB, messages, now), touchBotTextNextAttempt(env.DB, botTexts, now)]);
  return ids;
}
