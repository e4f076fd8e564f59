/** GET /api/staff/feed: the staff live feed's WebSocket, handed to the FeedHub with who is on it. */
import { Hono } from "hono";
import { AppError } from "../core/errors";
import type { AppEnv } from "../env";
import {
  BOOTSTRAP_EPOCH_HEADER,
  STAFF_ID_HEADER,
  STAFF_NAME_HEADER,
  STAFF_SESSION_HEADER,
  STAFF_TOKEN_HEADER,
  VIA_BOOTSTRAP_HEADER,
} from "../feed/hub";
import { feedHub } from "../pipeline/feed";
import { currentBootstrapEpoch } from "./session";

/** Mounted inside the staff API, behind its staff guard. */
export function staffFeed() {
  return new Hono<AppEnv>().get("/feed", async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError(400, "upgrade_required", "Connect with a WebSocket upgrade");
    }
    const staff = c.get("staff");
    const origin = c.req.header("Origin");
    // A cookie-authenticated socket opened by another site would be cross-site WebSocket hijacking.
    const byCookie = c.req.header("Authorization") === undefined;
    if (byCookie && origin && origin !== new URL(c.req.url).origin) {
      throw new AppError(403, "forbidden", "Cross-origin requests cannot use the staff session");
    }
    // Only what the hub needs: who this is and which credentials (so it can close the socket when they end).
    // Nothing of the client's headers goes along, so a client cannot pose as another staff member's credentials.
    const credentials = c.get("staffCredentials");
    const headers = new Headers({
      Upgrade: "websocket",
      [STAFF_ID_HEADER]: staff.staffId,
      [STAFF_NAME_HEADER]: encodeURIComponent(staff.name),
      [STAFF_TOKEN_HEADER]: staff.tokenId ?? "",
      [STAFF_SESSION_HEADER]: credentials.sessionId ?? "",
      [VIA_BOOTSTRAP_HEADER]: credentials.viaBootstrap ? "1" : "0",
      [BOOTSTRAP_EPOCH_HEADER]: await currentBootstrapEpoch(c),
    });
    return feedHub(c.env).fetch(new Request(c.req.raw.url, { headers }));
  });
}
