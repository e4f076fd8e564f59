/**
 * What never reaches a log line: credentials that travel in URLs, addresses and headers. The customer's `/t/`
 * ticket link, email plus-address reply tokens, verification links, staff API tokens, bearer credentials, the
 * session cookie, Telegram bot tokens, and secret-looking query parameters. Pure: the logger applies it.
 */

const REDACTED = "[redacted]";

const PATTERNS: Array<[RegExp, string]> = [
  // /t/<token>... (the customer's ticket link) and other link-token paths, also percent-encoded (%2Ft%2F).
  [
    /((?:\/|%2F)(?:t|verify-email|email-verify|verify-link|confirm|unsubscribe|magic|reset)(?:\/|%2F))[^/?#\s"'<>%\\]+/gi,
    `$1${REDACTED}`,
  ],
  // support+<reply token>@domain (the Reply-To of ticket mail).
  [/([A-Za-z0-9._%-]+)\+[A-Za-z0-9._=-]{6,}@/g, `$1+${REDACTED}@`],
  // Staff API tokens and bearer credentials, wherever they appear.
  [/\brdk_[A-Za-z0-9_-]+/g, `rdk_${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b(rd_session=)[^;\s"',]+/gi, `$1${REDACTED}`],
  // Telegram bot tokens (<bot id>:<secret>), e.g. inside Bot API URLs.
  [/(?<![0-9])\d{5,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  // ?token=…&code=… and the like.
  [/([?&;](?:token|code|secret|key|sig|signature|password|access_token|api_key|auth)=)[^&#\s"']+/gi, `$1${REDACTED}`],
];

/** The text with every credential pattern replaced by `[redacted]`. */
export function redactLogText(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** A log field with every string inside redacted (objects and arrays walked, Errors reduced to name and message). */
export function redactLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactLogText(value);
  if (value instanceof Error) return redactLogText(`${value.name}: ${value.message}`);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactLogValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactLogValue(v, depth + 1)]));
}
