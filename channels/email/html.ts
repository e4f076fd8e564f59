/** HTML mail as text, in one linear pass. */
/** Most HTML converted to text; the rest stays in the original (the conversion is linear, the cap bounds what follows it). */
export const MAX_HTML_CHARS = 1024 * 1024;
/** Longest start of a tag read for its attributes (href, alt). */
const MAX_TAG_CHARS = 2048;
/** Deepest quote level shown as `> ` (deeper levels keep this many). */
const MAX_QUOTE_DEPTH = 8;
const QUOTE_OPEN = "\u0002";
const QUOTE_CLOSE = "\u0003";
/** Elements whose content is not text. */
const SKIPPED = new Set(["head", "style", "script", "title"]);
const BLOCK_OPEN = new Set(["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol", "pre"]);
const BLOCK_CLOSE = new Set([...BLOCK_OPEN, "section", "article", "header", "footer"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Entities decoded; bounded quantifiers keep the scan linear on `&aaaa…` runs. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A text run of the HTML as it reads: newlines are spaces, entities decoded, our quote markers impossible. */
function textRun(s: string): string {
  return decodeEntities(s.replace(/\r?\n/g, " ")).split(QUOTE_OPEN).join("").split(QUOTE_CLOSE).join("");
}

/** Where the element `name` that starts its content at `from` ends (after its closing tag), or the end of the input. */
function endOfElement(html: string, name: string, from: number): number {
  for (let at = html.indexOf("</", from); at !== -1; at = html.indexOf("</", at + 2)) {
    const after = html.charCodeAt(at + 2 + name.length);
    if (
      html.slice(at + 2, at + 2 + name.length).toLowerCase() === name &&
      !/[a-z0-9]/i.test(String.fromCharCode(after))
    ) {
      const gt = html.indexOf(">", at);
      return gt === -1 ? html.length : gt + 1;
    }
  }
  return html.length;
}

function attribute(tag: string, name: "href" | "alt"): string | null {
  const m = (name === "href" ? /\bhref\s*=\s*["']([^"']+)["']/i : /\balt\s*=\s*["']([^"']*)["']/i).exec(tag);
  return m ? (m[1] ?? "") : null;
}

/**
 * HTML mail made readable: blocks become lines, lists get dashes, links keep their target,
 * quoted blocks get `> ` so the quote stripper sees them. Not a renderer: good enough for staff.
 * One pass with indexOf (no backtracking regex over the document), so hostile input such as
 * 150 KB of `<!--` or `<a ` costs what any 150 KB costs; at most MAX_HTML_CHARS are read.
 */
export function htmlToText(input: string): string {
  const html = input.length > MAX_HTML_CHARS ? input.slice(0, MAX_HTML_CHARS) : input;
  const out: string[] = [];
  let anchor: { href: string; at: number } | null = null;
  let nextGt = -2; // the first ">" at or after the current "<" (-1: none left), reused so "< < <" stays linear
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      out.push(textRun(html.slice(i)));
      break;
    }
    if (lt > i) out.push(textRun(html.slice(i, lt)));
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      if (end === -1) break; // an unclosed comment hides the rest, as in a browser
      i = end + 3;
      continue;
    }
    if (nextGt !== -1 && nextGt <= lt) nextGt = html.indexOf(">", lt + 1);
    if (nextGt === -1) {
      // No ">" anywhere after this point: no more tags, the rest is text.
      out.push(textRun(html.slice(lt)));
      break;
    }
    const name = /^\/?([a-z][a-z0-9]*)/i.exec(html.slice(lt + 1, lt + 40))?.[1]?.toLowerCase();
    if (!name) {
      // Not a tag ("a < b", or no ">" anywhere after it): the "<" is text.
      if (/^[!?]/.test(html.slice(lt + 1, lt + 2))) {
        i = nextGt + 1; // <!DOCTYPE>, <?xml?>
        continue;
      }
      out.push("<");
      i = lt + 1;
      continue;
    }
    // Attributes are read from the start of a tag only: a 150 KB tag is not worth a scan.
    const tag = html.slice(lt + 1, Math.min(nextGt, lt + 1 + MAX_TAG_CHARS));
    const closing = html[lt + 1] === "/";
    i = nextGt + 1;
    if (closing) {
      if (name === "blockquote") out.push(QUOTE_CLOSE, "\n");
      else if (BLOCK_CLOSE.has(name)) out.push("\n");
      else if (name === "td" || name === "th") out.push("\t");
      else if (name === "a" && anchor) {
        const label = out.splice(anchor.at).join("").trim();
        const { href } = anchor;
        out.push(/^mailto:/i.test(href) || !label || label === href ? label || href : `${label} (${href})`);
        anchor = null;
      }
      continue;
    }
    if (SKIPPED.has(name) && html[nextGt - 1] !== "/") i = endOfElement(html, name, i);
    else if (name === "blockquote") out.push("\n", QUOTE_OPEN);
    else if (name === "br") out.push("\n");
    else if (name === "hr") out.push("\n________________________________\n");
    else if (name === "li") out.push("\n- ");
    else if (BLOCK_OPEN.has(name)) out.push("\n");
    else if (name === "a") {
      const href = attribute(tag, "href");
      if (href) anchor = { href, at: out.length };
    } else if (name === "img") {
      const alt = attribute(tag, "alt");
      if (alt) out.push(`[${alt}]`);
    }
  }
  // Prefix quoted lines; a line takes the deepest level opened on it.
  let depth = 0;
  const lines: string[] = [];
  for (const piece of out.join("").split("\n")) {
    let prefixDepth = depth;
    let line = "";
    for (const ch of piece) {
      if (ch === QUOTE_OPEN) prefixDepth = Math.max(prefixDepth, ++depth);
      else if (ch === QUOTE_CLOSE) depth = Math.max(0, depth - 1);
      else line += ch;
    }
    const trimmed = line.replace(/[ \t\u00a0]+/g, " ").trim();
    const level = Math.min(prefixDepth, MAX_QUOTE_DEPTH);
    lines.push(level > 0 && trimmed ? `${"> ".repeat(level)}${trimmed}` : trimmed);
  }
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
