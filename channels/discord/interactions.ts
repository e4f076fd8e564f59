/** POST /webhooks/discord: verify the Ed25519 signature, validate the interaction, answer within 3 s. */
import type { Hono } from "hono";
import type { z } from "zod";
import { AppError, AuthenticationError, ValidationError } from "../../src/core/errors";
import type { AppEnv } from "../../src/env";
import { webhookBodyLimit } from "../../src/http";
import { issuesOf } from "../../src/web/validate";
import { discordSettings } from "./config";
import type { InteractionDeps } from "./context";
import { handleInteraction } from "./handlers";
import { InteractionSchema } from "./schemas";
import { verifyInteraction } from "./verify";

/** Interactions are a few KB; anything far larger is not from Discord. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Mounts the interactions endpoint. Order: signature (401) -> body (400) -> answer; slow work after it. */
export function discordInteractionRoutes(app: Hono<AppEnv>): void {
  app.post("/webhooks/discord", webhookBodyLimit(MAX_BODY_BYTES), async (c) => {
    const settings = discordSettings(c.get("config"));
    const body = await readBody(c.req.raw);
    const ok = await verifyInteraction({
      publicKeyHex: settings.publicKey,
      signature: c.req.header("X-Signature-Ed25519"),
      timestamp: c.req.header("X-Signature-Timestamp"),
      body,
      now: new Date(),
    });
    if (!ok) throw new AuthenticationError("The Discord request signature is missing, stale or wrong");
    const interaction = parseJsonBytes(body, InteractionSchema, "a Discord interaction");
    const deps: InteractionDeps = {
      desk: c.get("desk"),
      config: c.get("config"),
      settings,
      waitUntil: (p) => c.executionCtx.waitUntil(p),
    };
    return c.json(await handleInteraction(deps, interaction));
  });
}

/**
 * The raw body (the signature covers the exact bytes, so nothing may be re-encoded); its size is
 * bounded by the route's `webhookBodyLimit`.
 */
export async function readBody(req: Request): Promise<Uint8Array> {
  return new Uint8Array(await req.arrayBuffer());
}

/** The JSON of `body`, validated by `schema`: 400 for malformed JSON or the wrong shape. */
export function parseJsonBytes<S extends z.ZodType>(body: Uint8Array, schema: S, what: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new AppError(400, "invalid_json", "The body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ValidationError(`The body is not ${what}`, issuesOf(parsed.error));
  return parsed.data;
}
