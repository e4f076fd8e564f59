/**
 * Secrets inside HTML pasted from an e-mail or a web page: `<td>Password</td><td>X</td>`,
 * `<tr><th>API Secret</th><td>…</td></tr>`, a table whose header row names the column,
 * `<b>Password:</b> X`, `<dt>Password</dt><dd>X</dd>`, `<p>Password:<br>X</p>`, values with
 * entities (`Pa&amp;ss`). The detectors read the text as a reader sees it: each table row
 * becomes a markdown row (`| Password | X |`, a header row of `<th>` cells followed by `|---|`),
 * block tags line breaks, inline tags nothing, entities their character; what they find is mapped
 * back onto the HTML.
 */

import { groupedKeySpans } from "./grouped-keys";
import { labelledSpans } from "./labelled";
import { passphraseSpans } from "./passphrases";
import type { SecretSpan } from "./spans";
import { cellKind, cellValue, tablePairSpans } from "./table-pairs";
import { tableSpans } from "./tables";
import { HTML_NAME } from "./value-shapes";
import { wordPasswordSpans } from "./word-passwords";

/** BBCode, as forums and some ticket forms write markup ("[b]Password:[/b] X"). */
const BB_NAME = String.raw`(?:b|i|u|s|code|quote|spoiler|color|size|font|url|table|tr|td|th|list|\*)`;
const TAG = new RegExp(
  String.raw`<(\/?)(${HTML_NAME})(?:\s[^<>]{0,200})?\/?>|&(?:#(\d{1,6})|#x([0-9a-f]{1,6})|([a-z]{2,6}));|\[(\/?)(${BB_NAME})(?:=[^\]\n]{0,60})?\]`,
  "giy",
);
const ANY_TAG = new RegExp(String.raw`<\/?${HTML_NAME}[\s/>]|\[\/?${BB_NAME}[\]=]`, "i");
const INLINE = new Set(
  "b strong i em u s span font a code small big mark sup sub kbd tt var abbr cite q ins del label spoiler color size url".split(
    " ",
  ),
);
const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

interface View {
  text: string;
  /** For each character of the view: where it starts in the original and where it ends. */
  from: number[];
  to: number[];
  /** Whether the character stands for a tag ("|" for a cell's end), not for the text's own. */
  tag: boolean[];
}

/** The text of `html` as a reader sees it, with each character's place in `html`. */
export function markupView(html: string): View {
  const view: View = { text: "", from: [], to: [], tag: [] };
  const emit = (s: string, from: number, to: number, tag = true) => {
    // One line break between blocks: a table's rows stay consecutive lines.
    for (const c of s.startsWith("\n") && (view.text.endsWith("\n") || !view.text) ? s.slice(1) : s) {
      view.text += c;
      view.from.push(from);
      view.to.push(to);
      view.tag.push(tag);
    }
  };
  let inRow = false;
  let headerRow = true;
  let inHead = false;
  let i = 0;
  while (i < html.length) {
    TAG.lastIndex = i;
    const m = html[i] === "<" || html[i] === "&" || html[i] === "[" ? TAG.exec(html) : null;
    if (!m) {
      const c = html[i] as string;
      // White space between tags is the source's layout: nothing at a line's start, one space inside a row.
      const blank = /\s/.test(c) && (inRow || !view.text || view.text.endsWith("\n"));
      if (!blank) emit(c, i, i + 1, false);
      else if (inRow && !" |".includes(view.text[view.text.length - 1] as string)) emit(" ", i, i + 1);
      i++;
      continue;
    }
    const end = TAG.lastIndex;
    const [, htmlClose, htmlName, dec, hexa, named, bbClose, bbName] = m;
    const close = htmlClose || bbClose;
    const rawName = htmlName ?? (bbName === "*" ? "li" : bbName === "list" || bbName === "quote" ? "div" : bbName);
    if (!rawName) {
      const code = dec ? Number(dec) : hexa ? Number.parseInt(hexa, 16) : -1;
      const c = code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ENTITIES[(named ?? "").toLowerCase()];
      emit(c ?? m[0], i, end, false);
      i = end;
      continue;
    }
    const name = rawName.toLowerCase();
    if (name === "td" || name === "th" || name === "dt" || name === "dd") {
      // A definition list's term and description are a row of a name and its value.
      if (close) {
        emit(name === "dd" ? " |\n" : " |", i, end);
        if (name === "dd") inRow = false;
      } else {
        if (name !== "th") headerRow = false;
        emit(inRow ? " " : "\n| ", i, end);
        inRow = true;
      }
    } else if (name === "tr") {
      if (inRow) emit(headerRow || inHead ? "\n|---|\n" : "\n", i, end);
      else emit("\n", i, end);
      inRow = false;
      headerRow = true;
    } else if (name === "thead") {
      inHead = !close;
      emit("\n", i, end);
    } else if (name === "input" && !close) {
      // A form's field: its value, named by its type or name ("<input type=password value=X>").
      const field = inputField(m[0]);
      if (field) {
        emit(`\n${field.label}: `, i, end);
        const at = i + field.at;
        for (let k = 0; k < field.value.length; k++) emit(field.value[k] as string, at + k, at + k + 1, false);
      }
      emit("\n", i, end);
    } else if (INLINE.has(name)) {
      // Nothing: "<b>Pass</b>word" reads "Password".
    } else {
      if (inRow && /^(?:table|tbody|tfoot)$/.test(name)) {
        emit(headerRow || inHead ? "\n|---|\n" : "\n", i, end);
        inRow = false;
        headerRow = true;
      }
      emit(inRow ? " " : "\n", i, end);
    }
    i = end;
  }
  return view;
}

/** The secret an <input> tag holds: a password field's value, or one whose name says key, secret or token. */
function inputField(tag: string): { label: string; value: string; at: number } | null {
  const name = /\bname\s*=\s*["']?([\w.-]{1,40})/i.exec(tag)?.[1] ?? "";
  const password = /\btype\s*=\s*["']?password/i.test(tag) || /pass|pwd/i.test(name);
  const secret = /secret|api[_-]?key|token/i.test(name);
  const value = /\bvalue\s*=\s*(["'])([^"'<>\n]{1,200})\1/i.exec(tag);
  if (!value?.[2] || (!password && !secret)) return null;
  return {
    label: password ? "Password" : "API secret",
    value: value[2],
    at: value.index + value[0].indexOf(value[2], 7),
  };
}

/** An XML element named for a secret ("<password>X</password>", "<apiSecret>…</apiSecret>", "<ns:Password>", "<otpCode>"). */
const XML_SECRET =
  /<((?:[\w-]{1,20}:)?[\w-]{0,20}(pass(?:word|wd|phrase)?|pwd|secret|api[_-]?key|private[_-]?key|2fa|mfa|otp|totp|authenticator)[\w-]{0,12})>([^<>\n]{3,200})<\/\1>/gi;

function xmlSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(XML_SECRET)) {
    const value = (m[3] as string).trim();
    const name = m[2] as string;
    const password = /pass|pwd/i.test(name);
    const kind = password
      ? "password"
      : /priv/i.test(name)
        ? "private_key"
        : /secret|key/i.test(name)
          ? "api_secret"
          : "2fa_code";
    if (!cellValue(kind === "private_key" ? "api_secret" : kind, value)) continue;
    const start = m.index + m[0].indexOf(value, (m[1] as string).length + 2);
    spans.push({ start, end: start + value.length, kind });
  }
  return spans;
}

/**
 * A name element, then its value element: a KeePass export's `<Key>Password</Key><Value ProtectInMemory="True">X</Value>`,
 * a plist's `<key>password</key><string>X</string>`, `<name>apiSecret</name><value>…</value>`.
 */
const XML_PAIR =
  /<(key|name|field)>([^<>\n]{1,40})<\/\1>\s{0,40}<(value|string|data)(?:\s[^<>]{0,80})?>([^<>\n]{3,200})<\/\3>/gi;

function xmlPairSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(XML_PAIR)) {
    const kind = cellKind(m[2] as string);
    const value = (m[4] as string).trim();
    if (!kind || !cellValue(kind === "private_key" ? "api_secret" : kind, value)) continue;
    const start = m.index + m[0].lastIndexOf(value, m[0].length - (m[3] as string).length - 3);
    spans.push({ start, end: start + value.length, kind });
  }
  return spans;
}

export function markupSpans(text: string): SecretSpan[] {
  const xml = text.includes("</") ? [...xmlSpans(text), ...xmlPairSpans(text)] : [];
  if (!ANY_TAG.test(text)) return xml;
  const view = markupView(text);
  const t = view.text;
  const found = [
    ...labelledSpans(t),
    ...passphraseSpans(t),
    ...wordPasswordSpans(t),
    ...tableSpans(t),
    ...tablePairSpans(t),
    ...groupedKeySpans(t),
  ];
  const out: SecretSpan[] = xml;
  for (const s of found) {
    // A value read across a cell's end ("| X |") is the cell's text: tags and spaces at its ends are not.
    let { start, end } = s;
    while (start < end && (view.tag[start] || /\s/.test(t[start] as string))) start++;
    while (end > start && (view.tag[end - 1] || /\s/.test(t[end - 1] as string))) end--;
    if (end > start) out.push({ start: view.from[start] as number, end: view.to[end - 1] as number, kind: s.kind });
  }
  return out;
}
