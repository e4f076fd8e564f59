/** Tells the FeedHub about a change staff should see, or about credentials that ended. Never fails the caller. */

import type { Env } from "../env";
import type { FeedEvent, FeedHub, SocketMatch } from "../feed/hub";
import { logError } from "../log";

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
    logError("feed publish failed", { type: event.type, error: String(err) });
  }
}

/**
 * Closes the open feed sockets of credentials that just ended (a revoked token, a disabled user, a revoked or
 * signed-out session); returns how many were closed, or null when the hub could not be reached (logged: the
 * credentials are refused anyway, so such a socket can never reconnect).
 */
export async function closeFeedSockets(env: Env, match: SocketMatch, reason: string): Promise<number | null> {
  try {
    return await feedHub(env).closeSockets(match, reason);
  } catch (err) {
    logError("feed: closing the sockets of ended credentials failed", { reason, error: String(err) });
    return null;
  }
}

/** Closes the feed sockets opened with a bootstrap secret other than the current one (its `epoch`). */
export async function closeStaleBootstrapSockets(env: Env, epoch: string): Promise<void> {
  try {
    await feedHub(env).closeStaleBootstrapSockets(epoch);
  } catch (err) {
    logError("feed: closing bootstrap sockets failed", { error: String(err) });
  }
}
