/** Language detection good enough to pick zh or en bot texts. */
import type { Language } from "./inbound";

const HAN = /\p{Script=Han}/gu;

/** `zh` when Han characters make up a real share of the letters, otherwise `en`. */
export function detectLanguage(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return "en";
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  // A Han character carries roughly a word; compare against Latin words, not letters.
  return han >= Math.max(2, latin / 5) ? "zh" : "en";
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
