/** What the page handed the script in `#rd-boot` (who is signed in, the field values, every text) and the CSRF token. */
import type { InboxBoot } from "../page";

export const boot = JSON.parse(document.getElementById("rd-boot")?.textContent ?? "{}") as InboxBoot;
/** Every text of the inbox in the page's language (typed: a missing key does not compile). */
export const T = boot.t;
export const me = boot.me;
/** The session's CSRF token, sent as `X-CSRF-Token` on every write. */
export const csrf = document.querySelector('meta[name="rd-csrf"]')?.getAttribute("content") ?? "";

type TextKey = { [K in keyof typeof T]: (typeof T)[K] extends string ? K : never }[keyof typeof T];

/** A translated string with `{name}` placeholders filled. */
export function tr(key: TextKey, vars?: Record<string, string | number>): string {
  let s: string = T[key] ?? key;
  if (vars) for (const k of Object.keys(vars)) s = s.split(`{${k}}`).join(String(vars[k]));
  return s;
}
