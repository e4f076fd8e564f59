/**
 * Live chat: the widget's API and sockets, and the `/t/` page's live socket. The web channel made live
 * (channel `webform`, tickets with metadata.source = "chat"); see docs/channels/chat.md.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../../src/env";
import { webhookBodyLimit } from "../../../src/http";
import { formBodyLimit, TEXT_BODY_MAX_BYTES } from "../request";
import { listMessages, postMessage } from "./messages";
import { startSession } from "./session";
import { linkSocket, visitorSocket } from "./socket";

export { publicSettings } from "./session";

/** The chat routes; mounted before the web form's so `/t/:token/live` is answered here. */
export function chatRoutes() {
  return (
    new Hono<AppEnv>()
      .use("/api/chat/*", async (c, next) => {
        await next();
        // A socket's 101 comes from the room with immutable headers (and is never cached anyway).
        if (c.res.status !== 101) c.res.headers.set("Cache-Control", "no-store");
      })
      .post("/api/chat/session", webhookBodyLimit(TEXT_BODY_MAX_BYTES), startSession)
      // A JSON message is text (64 KiB); only a multipart one, with files, may be as large as the attachments.
      .post("/api/chat/messages", formBodyLimit, postMessage)
      .get("/api/chat/messages", listMessages)
      .get("/api/chat/socket", visitorSocket)
      .get("/t/:token/live", linkSocket)
  );
}
