/** Tells the FeedHub about a change staff should see. Never fails the caller. */

import type { Env } from "../env";
import type { FeedEvent, FeedHub } from "../feed/hub";

/** The single hub every staff tab connects to. */
export function feedHub(env: Env) {
  const ns = env.FEED_HUB as unknown as DurableObjectNamespace<FeedHub>;
  return ns.get(ns.idFromName("staff-feed"));
}

/** Publishes an event to the staff feed; errors are logged, not thrown (the feed is a view). */
export async function publishFeedEvent(env: Env, event: FeedEvent): Promise<void> {
  try {
    await feedHub(env).publish(event);
  } catch (err) {
    console.error("feed publish failed", { type: event.type, error: String(err) });
  }
}
