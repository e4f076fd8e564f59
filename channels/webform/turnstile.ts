/** Cloudflare Turnstile: proves a form was sent by a person. https://developers.cloudflare.com/turnstile/get-started/server-side-validation/ */
import { AppError } from "../../src/core/errors";
import type { Config } from "../../src/env";

export const TURNSTILE_SCRIPT_URL = "https://challenges.cloudflare.com/turnstile/v0/api.js";
/** The form field the widget fills in. */
export const TURNSTILE_FIELD = "cf-turnstile-response";
const VERIFY_TIMEOUT_MS = 5_000;

export interface TurnstileCheck {
  secret: string;
  verifyUrl: string;
  /** The widget's token from the form; missing means the widget never ran. */
  token: string | undefined;
  remoteIp?: string | undefined;
  /** Injectable so tests can answer for Cloudflare. */
  fetch?: typeof fetch;
}

/** Asks siteverify whether the token is good. Any failure (network, timeout, bad answer) counts as no. */
export async function verifyTurnstile(check: TurnstileCheck): Promise<boolean> {
  if (!check.token) return false;
  // URL-encoded rather than multipart: a plain string body, nothing left streaming if the call fails.
  const form = new URLSearchParams();
  form.set("secret", check.secret);
  form.set("response", check.token);
  if (check.remoteIp) form.set("remoteip", check.remoteIp);
  const doFetch = check.fetch ?? fetch;
  try {
    const res = await doFetch(check.verifyUrl, {
      method: "POST",
      body: form,
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
    if (!res.ok) return false;
    const outcome = (await res.json()) as { success?: unknown };
    return outcome.success === true;
  } catch (err) {
    console.error("turnstile verification failed", String(err));
    return false;
  }
}

let warnedDisabled = false;

/** Rejects with 403 `turnstile_failed` unless the token verifies; without a secret, warns once per isolate and lets it through. */
export async function requireTurnstile(
  config: Config,
  token: string | undefined,
  remoteIp: string | undefined,
  fetchImpl?: typeof fetch,
): Promise<void> {
  if (!config.turnstileSecret) {
    if (!warnedDisabled) {
      warnedDisabled = true;
      console.warn("Turnstile is disabled (TURNSTILE_SECRET is not set): web-form submissions are not bot-checked");
    }
    return;
  }
  const ok = await verifyTurnstile({
    secret: config.turnstileSecret,
    verifyUrl: config.turnstileVerifyUrl,
    token,
    remoteIp,
    fetch: fetchImpl,
  });
  if (!ok) throw new AppError(403, "turnstile_failed", "The Turnstile check failed; reload the form and try again");
}
