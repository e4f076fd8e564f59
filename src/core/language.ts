/** Language detection good enough to pick zh or en bot texts. */
import type { Language } from "./inbound";

const HAN = /\p{Script=Han}/gu;

/**
 * Tokens that are not words of any language: a URL, an email address, an @handle, anything with a digit in it
 * (TxIDs, addresses, UIDs, amounts, order and ticket numbers like RD-1042), long hex without a digit, code-like
 * tokens (snake_case, a.b.c, key=value, paths) and anything 20+ characters long (base58/base64 keys and addresses).
 * They carry no language, so they must not outvote the words around them.
 */
const NOT_WORDS = [
  /\b(?:https?|ftp|wss?):\/\/\S*/gi,
  /\bwww\.\S+/gi,
  /\S+@\S+/g,
  /@\w+/g,
  /[A-Za-z0-9+/=_.:\\-]*\d[A-Za-z0-9+/=_.:\\-]*/g,
  /\b[0-9a-f]{8,}\b/gi,
  /[A-Za-z0-9]+(?:[_./\\:=#][A-Za-z0-9]+)+/g,
  /[A-Za-z0-9+/=]{20,}/g,
];

/** The text with every token that carries no language (see NOT_WORDS) blanked out. */
export function languageText(text: string): string {
  let out = text;
  for (const re of NOT_WORDS) out = out.replace(re, " ");
  return out;
}

/** `zh` when Han characters make up a real share of the words (code-like tokens left out), otherwise `en`. */
export function detectLanguage(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return "en";
  const latin = languageText(text).match(/[A-Za-z]/g)?.length ?? 0;
  // A Han character carries roughly a word; compare against Latin words, not letters.
  return han >= Math.max(2, latin / 5) ? "zh" : "en";
}

/**
 * The language of an inbound message: Chinese text is Chinese whatever the client or page says (a customer on an
 * English Telegram client or English form page who writes Chinese reads Chinese); otherwise the channel's hint (a
 * Chinese client, the page's language choice, the ticket's language so far), else English.
 */
export function inboundLanguage(text: string, hint?: Language | null): Language {
  return detectLanguage(text) === "zh" ? "zh" : (hint ?? "en");
}

/** The preferred supported language of an Accept-Language header, or null. */
export function languageFromAcceptLanguage(header: string | null | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    // q=0 means "not acceptable" (RFC 9110, 12.4.2), not "least preferred".
    .filter((x) => x.tag && !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh";
    if (tag.startsWith("en")) return "en";
  }
  return null;
}
