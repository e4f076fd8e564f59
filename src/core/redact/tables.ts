/**
 * Secrets in a table whose header names the column: a markdown table (`| Email | Password |`,
 * `|---|---|`, then rows), or tab- or comma-separated lines (a spreadsheet's copy, a CSV file).
 * Each row's cell under "Password", "API Key", "Secret", "Private key", "2FA"… goes.
 */

import type { SecretKind, SecretSpan } from "./spans";
import { cellKind } from "./table-pairs";
import { isPlaceholder } from "./value-shapes";

const COLUMNS: Array<[RegExp, SecretKind]> = [
  [/^(?:password|passwd|pwd|pw|pass|passphrase|密码|密碼|口令|登录密码|资金密码|交易密码)$/i, "password"],
  [/^(?:private[\s_-]*key|priv[\s_-]*key|pk|wif|私钥|私鑰)$/i, "private_key"],
  [
    /^(?:api[\s_-]*(?:key|secret)|secret(?:[\s_-]*key)?|api[\s_-]*secret[\s_-]*key|access[\s_-]*key|key|passphrase|密钥|秘钥|密鑰|api密钥)$/i,
    "api_secret",
  ],
  [
    /^(?:2fa|2fa[\s_-]*code|otp|totp|mfa|authenticator|google[\s_-]*auth(?:enticator)?|验证码|谷歌验证码)$/i,
    "2fa_code",
  ],
];
const RULE_ROW = /^[\s|:-]+$/;

/** The cells of a line, trimmed, with their offsets in it (a markdown row's outer bars are no cells). */
function cells(line: string, sep: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  let from = 0;
  for (;;) {
    const next = line.indexOf(sep, from);
    const raw = line.slice(from, next < 0 ? line.length : next);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), at: from + lead });
    if (next < 0) break;
    from = next + 1;
  }
  if (sep === "|") {
    if (out[0]?.text === "") out.shift();
    if (out[out.length - 1]?.text === "") out.pop();
  }
  return out;
}

function columnKind(cell: string): SecretKind | null {
  const c = cell.replace(/[*_`"':：]/g, "").trim();
  for (const [re, kind] of COLUMNS) if (re.test(c)) return kind;
  // A qualified name ("Login password", "Fund password", "API Token").
  return cellKind(c);
}

/** A cell under a secret's header: one token (a password may hold spaces in a markdown or tab-separated table), no placeholder. */
function accept(kind: SecretKind, value: string, sep: string): boolean {
  if (value.length < 3 || /^(?:n\/?a|none|null|-+|\*+|x+|\.+|tbd|\?+)$/i.test(value) || isPlaceholder(value))
    return false;
  if (kind === "2fa_code") return /^\d{3}[ -]?\d{3,5}$/.test(value);
  // A key copied in groups ("AB3d 9fK2 xQ7m …") holds spaces too.
  const grouped = /^(?:[A-Za-z0-9]{3,8}[ -]){3,}[A-Za-z0-9]{1,8}$/.test(value);
  if (/\s/.test(value) && !(kind === "password" && sep !== ",") && !grouped) return false;
  return kind === "password" || (value.length >= 16 && /\d/.test(value));
}

export function tableSpans(text: string): SecretSpan[] {
  if (!/[|\t,]/.test(text)) return [];
  const spans: SecretSpan[] = [];
  const lines: Array<{ start: number; line: string }> = [];
  let at = 0;
  for (const line of text.split("\n")) {
    lines.push({ start: at, line });
    at += line.length + 1;
  }
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = (lines[i] as { line: string }).line;
    const sep = head.includes("|") ? "|" : head.includes("\t") ? "\t" : ",";
    // A markdown table's header is its first row: a row under another is a name and its value ("| Password | X |").
    if (sep === "|" && i > 0 && (lines[i - 1] as { line: string }).line.includes("|")) continue;
    const names = cells(head, sep).map((c) => c.text);
    if (names.length < 2 || names.some((n) => n.length > 32)) continue;
    const kinds = names.map(columnKind);
    if (!kinds.some(Boolean)) continue;
    let j = i + 1;
    if (sep === "|" && RULE_ROW.test(lines[j]?.line ?? "")) j++;
    for (; j < lines.length; j++) {
      const { start, line } = lines[j] as { start: number; line: string };
      const row = cells(line, sep);
      if (!line.includes(sep) || row.length !== names.length) break;
      row.forEach((cell, k) => {
        const kind = kinds[k];
        if (kind && accept(kind, cell.text, sep))
          spans.push({ start: start + cell.at, end: start + cell.at + cell.text.length, kind });
      });
    }
    // The rows read are this table's: the next header is after them (each line read once, linear).
    i = Math.max(i, j - 1);
  }
  return spans;
}
