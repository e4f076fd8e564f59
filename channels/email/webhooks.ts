/**
 * POST /webhooks/email/:provider for Mailgun, Postmark and SendGrid: verify first (401), then parse
 * into the same ParsedEmail as Email Routing, then the one inbound path.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { NotFoundError, ValidationError } from "../../src/core/errors";
import type { AppEnv, Config } from "../../src/env";
import { errorResponse, webhookBodyLimit } from "../../src/http";
import { readMailgun } from "./providers/mailgun";
import { readMailgunEvent } from "./providers/mailgun-events";
import { readPostmark } from "./providers/postmark";
import { readSendgrid } from "./providers/sendgrid";
import type { ReceivedEmail } from "./receive";
import { receiveEmail } from "./receive";

/** A routed email is at most 25 MiB; providers add their encoding on top (base64 in JSON). */
const MAX_BODY_BYTES = 40 * 1024 * 1024;

interface ProviderDoor {
  /** Verifies the request, then parses it. Throws AuthenticationError (401) or ValidationError (400). */
  read(req: Request, config: Config, now: Date): Promise<ReceivedEmail>;
  /**
   * The status that tells this provider "do not retry this payload": Mailgun 406
   * (https://documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http),
   * Postmark 403 (https://postmarkapp.com/developer/webhooks/inbound-webhook#errors-and-retries);
   * SendGrid retries any non-2xx and has no such code, so it gets the plain 400.
   */
  rejectStatus: number;
}

const PROVIDERS: Record<string, ProviderDoor> = {
  mailgun: { read: readMailgun, rejectStatus: 406 },
  postmark: { read: readPostmark, rejectStatus: 403 },
  sendgrid: { read: readSendgrid, rejectStatus: 400 },
};

/** An unknown provider is a 404, whatever its size. */
const knownProvider: MiddlewareHandler = async (c, next) => {
  if (!Object.hasOwn(PROVIDERS, c.req.param("provider") ?? "")) throw new NotFoundError("Email provider");
  await next();
};

/** Mailgun's delivery events are small JSON documents. */
const MAX_EVENT_BYTES = 256 * 1024;

/** Mounts the provider webhooks. */
export function emailWebhookRoutes(app: Hono<AppEnv>): void {
  // Mailgun's signed delivery events: a permanent failure for the address it went to marks our reply failed (mailgun-events.ts).
  app.post(
    "/webhooks/email/mailgun/events",
    webhookBodyLimit(MAX_EVENT_BYTES, "The Mailgun event is too large"),
    async (c) => {
      const now = new Date();
      const event = await readMailgunEvent(c.req.raw, c.get("config"), now);
      if (event.kind === "ignored") return c.json({ ok: true, kind: "ignored" });
      const failed = await c.get("desk").email.markBouncedByHeader({
        messageIdHeader: event.messageIdHeader,
        recipient: event.recipient,
        reason: event.reason,
        replay: {
          key: `mailgun:${event.token}`,
          nonce: crypto.randomUUID(),
          expiresAt: event.replayExpiresAt,
          now: now.toISOString(),
        },
      });
      // 200 also when it names no message of ours, another recipient, or was seen before: Mailgun must not retry those.
      return c.json({ ok: true, kind: "bounce", marked: Boolean(failed) });
    },
  );
  app.post(
    "/webhooks/email/:provider",
    knownProvider,
    webhookBodyLimit(MAX_BODY_BYTES, "The email is too large"),
    async (c) => {
      const door = PROVIDERS[c.req.param("provider")] as ProviderDoor;
      const config = c.get("config");
      let result: Awaited<ReturnType<typeof receiveEmail>>;
      try {
        const input = await door.read(c.req.raw, config, new Date());
        result = await receiveEmail(
          { desk: c.get("desk"), config, waitUntil: (p) => c.executionCtx.waitUntil(p) },
          input,
        );
      } catch (err) {
        // Not an email we can store (no sender, unparseable): tell the provider not to retry it.
        if (err instanceof ValidationError) return errorResponse(door.rejectStatus, err.code, err.message, err.details);
        throw err;
      }
      // 200 for everything stored or deliberately ignored (duplicates too): the provider must not retry those.
      return c.json({ ok: true, kind: result.kind });
    },
  );
}
