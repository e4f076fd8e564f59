/**
 * A secret in a table of names and values: a row whose cell names the secret and whose next cell
 * holds it (`| Password | sunflower |`, `| API Secret | … |`, an HTML e-mail's
 * `<td>Password</td><td>X</td>` once ./markup has read it as such a row). A header row (the one
 * before `|---|`) names columns, not values: `| Password | Email |` stays, and so do
 * placeholders, states ("same as before", "reset") and another column's name.
 */

import { isProseState } from "./prose-states";
import type { SecretKind, SecretSpan } from "./spans";

const QUALIFIER = String.raw`(?:(?:login|account|fund|funds|trading|withdrawal|wallet|exchange|email|e-mail|new|old|current|temporary|temp|master|app|api|bip39|ledger|trezor)[\s_-]+)?`;
const NAMES: Array<[RegExp, SecretKind]> = [
  [
    new RegExp(
      String.raw`^${QUALIFIER}(?:pass[\s_-]?word|passwd|pwd|pw|pass[\s_-]?phrase|pass[\s_-]?code|pin(?:[\s_-]?code)?|密码|密碼|口令|登录密码|资金密码|交易密码)$`,
      "i",
    ),
    "password",
  ],
  [/^(?:private[\s_-]*key|priv[\s_-]*key|wif|私钥|私鑰)$/i, "private_key"],
  [
    /^(?:api[\s_-]*(?:key|secret|token|secret[\s_-]*key)|secret(?:[\s_-]*key)?|access[\s_-]*(?:key|token)(?:[\s_-]*id)?|client[\s_-]*secret|密钥|秘钥|密鑰|api密钥)$/i,
    "api_secret",
  ],
  [
    /^(?:2fa|mfa|otp|totp)(?:[\s_-]*(?:code|secret|key))?$|^(?:google[\s_-]*)?auth(?:enticator)?(?:[\s_-]*code)?$|^(?:验证码|谷歌验证码)$/i,
    "2fa_code",
  ],
];
/** Names of columns a header row holds: after a label, one of them says the row is a header. */
const COLUMN =
  /^(?:e-?mail|user(?:name)?|login|account|acct|name|value|values|field|fields|notes?|comments?|description|uid|id|phone|status|type|exchange|platform|site|service|url|link|date|time|created|updated|secret|key|2fa|password|remarks?|info|details?|credential|credentials|[#*-])$/i;
const RULE_ROW = /^[\s|:-]+$/;

/** The cells of a markdown row ("| a | b |", "a | b"), trimmed, with their offsets in the line. */
function cells(line: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  let from = 0;
  for (;;) {
    const next = line.indexOf("|", from);
    const raw = line.slice(from, next < 0 ? line.length : next);
    out.push({ text: raw.trim(), at: from + raw.length - raw.trimStart().length });
    if (next < 0) break;
    from = next + 1;
  }
  if (out[0]?.text === "") out.shift();
  if (out[out.length - 1]?.text === "") out.pop();
  return out;
}

/** The kind a cell names ("**Password**", "API Secret:"), or null. */
export function cellKind(cell: string): SecretKind | null {
  const c = cell
    .replace(/[*_`"':：]/g, " ")
    .trim()
    .replace(/\s+/g, " ");
  if (c.length > 40) return null;
  for (const [re, kind] of NAMES) if (re.test(c)) return kind;
  return null;
}

/** Whether a cell beside a secret's name holds that secret. */
export function cellValue(kind: SecretKind, value: string): boolean {
  const v = value.replace(/^(?:\*{1,3}|__|`|\|\|)(.*?)(?:\*{1,3}|__|`|\|\|)$/, "$1").trim();
  if (v.length < 3 || v.length > 200 || COLUMN.test(v) || cellKind(v)) return false;
  if (/^(?:n\/?a|none|null|nil|-+|\*+|x+|\.+|•+|tbd|\?+|…|see .*|same.*|\(.*\)|<.*>|\{\{.*\}\})$/i.test(v))
    return false;
  const words = v.split(/\s+/);
  if (kind === "2fa_code") return /^\d{3}[ -]?\d{3,5}$/.test(v);
  if (kind === "password") {
    if (words.length > 6) return false;
    // A state of the password ("reset", "not set", "changed yesterday"): its first word is prose's.
    if (words.length === 1 ? /^[A-Za-z'’-]+$/.test(v) && isProseState(v) : isProseState(words[0] as string))
      return false;
    return /[A-Za-z0-9]/.test(v);
  }
  // A key, written whole or in groups ("AB3d 9fK2 xQ7m …"): 16+ letters and digits with a digit.
  const joined = v.replace(/[\s-]/g, "");
  const grouped = words.length === 1 || words.every((w) => /^[A-Za-z0-9]{3,8}$/.test(w));
  return grouped && joined.length >= 16 && /^[\w+/=.~]+$/.test(joined) && /\d/.test(joined);
}

export function tablePairSpans(text: string): SecretSpan[] {
  if (!text.includes("|")) return [];
  const spans: SecretSpan[] = [];
  const lines = text.split("\n");
  let start = 0;
  for (let i = 0; i < lines.length; start += (lines[i] as string).length + 1, i++) {
    const line = lines[i] as string;
    if (!line.includes("|") || RULE_ROW.test(line)) continue;
    // The row above a rule row is the header: it names columns.
    if (RULE_ROW.test(lines[i + 1] ?? "x") && (lines[i + 1] ?? "").includes("-")) continue;
    const row = cells(line);
    if (row.length < 2) continue;
    for (let k = 0; k + 1 < row.length; k++) {
      const kind = cellKind((row[k] as { text: string }).text);
      const value = row[k + 1] as { text: string; at: number };
      if (kind && cellValue(kind, value.text))
        spans.push({ start: start + value.at, end: start + value.at + value.text.length, kind });
    }
  }
  return spans;
}
