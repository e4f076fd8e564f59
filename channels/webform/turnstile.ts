/** Cloudflare Turnstile: proves a form was sent by a person. https://developers.cloudflare.com/turnstile/get-started/server-side-validation/ */
import { AppError } from "../../src/core/errors";
import { type Config, isDevelopment } from "../../src/env";

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

/**
 * How the form's bot check runs. `off`: explicitly (TURNSTILE = "off"), or development/test
 * without a secret. `verify`: every submission is checked (a secret is set). `not_configured`:
 * production without a secret, where the form fails closed and takes nothing.
 */
export type TurnstileMode = "verify" | "off" | "not_configured";

/** The bot check's mode for this configuration. */
export function turnstileMode(config: Config): TurnstileMode {
  if (config.turnstileOff) return "off";
  if (config.turnstileSecret) return "verify";
  return isDevelopment(config) ? "off" : "not_configured";
}

/** The site key the page's widget uses, or "" when the page shows no widget (no key, switched off, not configured). */
export function turnstileWidgetKey(config: Config): string {
  if (config.turnstileOff || turnstileMode(config) === "not_configured") return "";
  return config.turnstileSiteKey;
}

let warnedDisabled = false;
let warnedNotConfigured = false;

/** Rejects with 503 `turnstile_not_configured` when production has no bot check: nothing is read or stored. */
export function requireTurnstileConfigured(config: Config): void {
  if (turnstileMode(config) !== "not_configured") return;
  if (!warnedNotConfigured) {
    warnedNotConfigured = true;
    console.error(
      'Turnstile is not configured (no TURNSTILE_SECRET): web-form submissions are refused. Set the secret TURNSTILE_SECRET and TURNSTILE_SITE_KEY, or TURNSTILE = "off" to run without a bot check',
    );
  }
  throw new AppError(
    503,
    "turnstile_not_configured",
    "The form is not accepting submissions: its bot check (Cloudflare Turnstile) is not configured",
  );
}

/**
 * Rejects with 403 `turnstile_failed` unless the token verifies. Skipped when the check is off
 * (development without a secret warns once per isolate); fails closed when it is not configured.
 */
export async function requireTurnstile(
  config: Config,
  token: string | undefined,
  remoteIp: string | undefined,
  fetchImpl?: typeof fetch,
): Promise<void> {
  const mode = turnstileMode(config);
  if (mode === "not_configured") return requireTurnstileConfigured(config);
  if (mode === "off") {
    if (!config.turnstileOff && !warnedDisabled) {
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
