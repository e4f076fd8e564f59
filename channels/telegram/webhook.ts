/** POST /webhooks/telegram: verify the secret header, validate the update, run it through the bot. */
import type { Hono } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { AppError, AuthenticationError, ValidationError } from "../../src/core/errors";
import type { AppEnv } from "../../src/env";
import { issuesOf } from "../../src/web/validate";
import { handleTelegramUpdate } from "./bot";
import { SECRET_HEADER, type TelegramSettings, telegramSettings } from "./config";
import { hasAnyKind, isHandledUpdate, UpdateSchema, type ValidUpdate } from "./schemas";

/** Updates are a few KB; anything far larger is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Mounts the webhook. Order: secret (401) -> body (400) -> bot -> 200, or 500 so Telegram redelivers. */
export function telegramRoutes(app: Hono<AppEnv>): void {
  app.post("/webhooks/telegram", async (c) => {
    const settings = telegramSettings(c.get("config"));
    await requireSecret(c.req.header(SECRET_HEADER), settings);
    const update = await readUpdate(c.req.raw);
    if (!isHandledUpdate(update)) return c.json({ ok: true, ignored: true });
    await handleTelegramUpdate(
      {
        env: c.env,
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
  if (Number(req.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    throw new AppError(413, "payload_too_large", "The update is too large");
  }
  const raw = await req.text();
  if (raw.length > MAX_BODY_BYTES) throw new AppError(413, "payload_too_large", "The update is too large");
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
