/**
 * The Worker's log lines. Every argument goes through redactLogValue first, so a path, an error message or a
 * provider's answer never writes a `/t/` token, a reply token or another credential to the console (which
 * `wrangler dev` prints and Workers Logs keeps).
 */
import { redactLogValue } from "./core/log-redact";

/** console.error with every argument redacted. */
export function logError(message: string, ...fields: unknown[]): void {
  console.error(redactLogValue(message), ...fields.map((f) => redactLogValue(f)));
}

/** console.warn with every argument redacted. */
export function logWarn(message: string, ...fields: unknown[]): void {
  console.warn(redactLogValue(message), ...fields.map((f) => redactLogValue(f)));
}
