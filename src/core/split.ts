/** Splitting long texts into message-sized chunks (each chat platform has its own limit). */

// Prefer to cut between paragraphs, then lines, then words; never in the first quarter of a chunk.
const BOUNDARIES = ["\n\n", "\n", " "];

/**
 * Splits `text` into chunks of at most `limit` UTF-16 units, at a paragraph, line or space
 * boundary where one exists, and never inside a surrogate pair. Empty input gives no chunks.
 */
export function splitMessageText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    let cut = -1;
    for (const sep of BOUNDARIES) {
      const at = rest.lastIndexOf(sep, limit);
      if (at > limit / 4) {
        cut = at;
        break;
      }
    }
    if (cut === -1) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // a high surrogate: keep the pair together
    }
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk) chunks.push(chunk);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}
