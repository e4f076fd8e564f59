/** POST /webhooks/telegram: verify the secret header, validate the update, run it through the bot. */
import type { Hono, MiddlewareHandler } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { AppError, AuthenticationError, ValidationError } from "../../src/core/errors";
import type { AppEnv } from "../../src/env";
import { webhookBodyLimit } from "../../src/http";
import { issuesOf } from "../../src/web/validate";
import { handleTelegramUpdate } from "./bot";
import { SECRET_HEADER, type TelegramSettings, telegramSettings } from "./config";
import { hasAnyKind, isHandledUpdate, UpdateSchema, type ValidUpdate } from "./schemas";

/** Updates are a few KB; anything far larger is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Mounts the webhook. Order: secret (401) -> size (413, Hono's bodyLimit, counted even without a
 * Content-Length) -> body (400) -> bot -> 200, or 500 so Telegram redelivers.
 */
export function telegramRoutes(app: Hono<AppEnv>): void {
  const secret: MiddlewareHandler<AppEnv> = async (c, next) => {
    await requireSecret(c.req.header(SECRET_HEADER), telegramSettings(c.get("config")));
    await next();
  };
  app.post("/webhooks/telegram", secret, webhookBodyLimit(MAX_BODY_BYTES, "The update is too large"), async (c) => {
    const settings = telegramSettings(c.get("config"));
    const update = await readUpdate(c.req.raw);
    if (!isHandledUpdate(update)) return c.json({ ok: true, ignored: true });
    await handleTelegramUpdate(
      {
        desk: c.get("desk"),
        config: c.get("config"),
        settings,
        waitUntil: (p) => c.executionCtx.waitUntil(p),
      },
      // Validated for the fields we use; the rest is Telegram's own shape.
      update as unknown as Parameters<typeof handleTelegramUpdate>[1],
    );
    return c.json({ ok: true });
  });
}

/** Constant-time check of the secret header; an unconfigured secret accepts nothing. */
async function requireSecret(given: string | undefined, settings: TelegramSettings): Promise<void> {
  const expected = settings.webhookSecret;
  if (!expected || !given || !(await timingSafeEqual(given, expected))) {
    throw new AuthenticationError("The Telegram secret token is missing or wrong");
  }
}

async function readUpdate(req: Request): Promise<ValidUpdate> {
  const raw = await req.text();
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError(400, "invalid_json", "The body is not valid JSON");
  }
  const parsed = UpdateSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError("The body is not a Telegram update", issuesOf(parsed.error));
  if (!hasAnyKind(parsed.data)) throw new ValidationError("The update carries nothing besides its id");
  return parsed.data;
}
