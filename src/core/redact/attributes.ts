/**
 * Attribute values inside HTML tags. Tags are markup, read as gaps between words (./numbering) and
 * blanked out between a key's groups (./keys), but a quoted value long enough to hold a secret is
 * text a reader sees or a form sends: `<input value="word word … word">`, `<div title="…"
 * data-seed='…'>`, `<a href="…?key=…">`. Short values (`class="main"`, `width="100%"`) stay markup,
 * so a mail's attributes never join into a run of words.
 */

/**
 * An attribute value of 20 characters or more, quoted or not: the shortest key or English phrase is longer
 * (12 will do with a Chinese character in it: a Chinese phrase may be written unspaced).
 */
const LONG_VALUE = /=[ \t]{0,2}(?:(["'])([^"'<>\n]{12,400})\1|([^\s"'<>=`]{12,400}))/g;
const long = (v: string) => v.length >= 20 || /\p{Script=Han}/u.test(v);

/** Where, inside `tag` (one HTML tag, `<` to `>`), its long quoted attribute values stand: [start, end) pairs. */
export function attributeValues(tag: string): Array<[number, number]> {
  if (tag.length < 16) return [];
  const out: Array<[number, number]> = [];
  for (const m of tag.matchAll(LONG_VALUE)) {
    const value = (m[2] ?? m[3]) as string;
    if (!long(value)) continue;
    const start = m.index + m[0].length - value.length - (m[1] ? 1 : 0);
    out.push([start, start + value.length]);
  }
  return out;
}

/** `tag` with everything but its long attribute values made spaces (the same length, so offsets keep). */
export function blankTag(tag: string): string {
  let out = "";
  let at = 0;
  for (const [start, end] of attributeValues(tag)) {
    out += " ".repeat(start - at) + tag.slice(start, end);
    at = end;
  }
  return out + " ".repeat(tag.length - at);
}
