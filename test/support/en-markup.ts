/**
 * Secrets under their label in tables and markup, fresh every run: an HTML e-mail's table
 * (`<td>Password</td><td>X</td>`, `<tr><th>API Secret</th><td>…</td></tr>`, a header row of
 * `<th>` naming the column), `<b>Password:</b> X`, `<dt>`/`<dd>`, `<p>Password:<br>X</p>`,
 * entities inside the value, and markdown rows of names and values (`| Password | X |`). Values:
 * plain words, random passwords, API keys, 2FA codes. And the same markup holding TxIDs,
 * addresses, order ids, header rows and states ("same as before"), which stay as written.
 */

import { base62, chars, type Rng } from "./secret-generator";

export interface MarkupCase {
  layout: string;
  text: string;
  /** Each must be gone from the output (compared without markup, entities and spaces). */
  secrets: string[];
}

const WORDS = "sunflower tiger lamp ocean marble pencil rocket falcon quartz walnut korvin zanlum belros".split(" ");
const title = (w: string) => (w[0] as string).toUpperCase() + w.slice(1);

interface Secret {
  label: string;
  /** As written in the HTML (entities for & and <). */
  html: string;
  plain: string;
}

function secret(r: Rng): Secret {
  const roll = r.int(5);
  if (roll === 0) {
    const ws = Array.from({ length: 1 + r.int(3) }, () => r.pick(WORDS));
    const v = r.chance(0.3) ? ws.map(title).join(" ") : ws.join(" ");
    return {
      label: r.pick(["Password", "password", "Login password", "Passphrase", "Fund password"]),
      html: v,
      plain: v,
    };
  }
  if (roll === 1) {
    const core = `${base62(r, 4 + r.int(8))}${r.pick(["&", "<", "!", "#", ""])}${r.int(100)}`;
    const html = core.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    return { label: r.pick(["Password", "PASSWORD", "Pwd", "New password"]), html, plain: core };
  }
  if (roll === 2) {
    const v = base62(r, 32 + r.int(33));
    return { label: r.pick(["API Secret", "API Key", "Secret Key", "Api secret"]), html: v, plain: v };
  }
  if (roll === 3) {
    const groups = Array.from({ length: 6 }, () =>
      chars(r, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 4),
    );
    // Key pages print digits: one at least, as nearly every random key of this length has.
    if (!groups.some((g) => /\d/.test(g))) groups[0] = `${2 + r.int(8)}${(groups[0] as string).slice(1)}`;
    const v = groups.join(" ");
    return { label: r.pick(["API Key", "API Secret"]), html: v, plain: v };
  }
  const v = String(100000 + r.int(900000));
  return { label: r.pick(["2FA code", "Google Authenticator", "2FA"]), html: v, plain: v };
}

const hex = (r: Rng, n: number) => chars(r, "0123456789abcdef", n);
const cell = (r: Rng, tag: string, v: string) =>
  r.pick([`<${tag}>${v}</${tag}>`, `<${tag} style="padding:4px">${v}</${tag}>`, `<${tag}><b>${v}</b></${tag}>`]);
const nl = (r: Rng) => r.pick(["", "\n", "\r\n", "\n  "]);
const BEFORE = [
  "",
  "<p>Hi team,</p>\n",
  "Hello, here are my details:\n",
  "<div>Forwarded message:</div>",
  "I can't log in.<br>",
];
const AFTER = ["", "\n<p>Thanks, Bob</p>", "<br>Please help", "\nRegards", "</body></html>"];
/** A markdown table stands on lines of its own. */
const frame = (r: Rng, body: string) => {
  const own = body.startsWith("|") ? "\n" : "";
  return `${r.pick(BEFORE)}${own}${body}${own}${r.pick(AFTER)}`;
};

/** One secret in one of the layouts an HTML e-mail or a markdown paste gives it. */
export function markupCase(r: Rng): MarkupCase {
  const s = secret(r);
  const email = `${r.pick(["bob", "alice.k", "trader99"])}@mail.com`;
  const layouts: Array<() => string> = [
    () => `<table>${nl(r)}<tr>${cell(r, "td", s.label)}${cell(r, "td", s.html)}</tr>${nl(r)}</table>`,
    () => `${cell(r, "td", s.label)}${nl(r)}${cell(r, "td", s.html)}`,
    () =>
      `<table><tr>${cell(r, "th", "Email")}${cell(r, "td", email)}</tr>${nl(r)}<tr>${cell(r, "th", s.label)}${cell(r, "td", s.html)}</tr></table>`,
    () =>
      `<table><thead><tr><th>Email</th><th>${s.label}</th></tr></thead>${nl(r)}<tbody><tr>${cell(r, "td", email)}${cell(r, "td", s.html)}</tr></tbody></table>`,
    () =>
      `<table><tr><th>${s.label}</th><th>Status</th></tr>${nl(r)}<tr><td>${s.html}</td><td>active</td></tr></table>`,
    () => `<b>${s.label}:</b> ${s.html}`,
    () => `<tr><td>${s.label}:&nbsp;</td><td>${s.html}</td></tr>`,
    () => `[b]${s.label}:[/b] ${s.plain}`,
    () => `[table][tr][td]${s.label}[/td][td]${s.plain}[/td][/tr][/table]`,
    () => `<${s.label.replace(/\W+/g, "")}>${s.html}</${s.label.replace(/\W+/g, "")}>`,
    () => `<tr><td>Username</td><td>bob77</td><td>${s.label}</td><td>${s.html}</td></tr>`,
    () => `<strong>${s.label}</strong>: ${s.html}`,
    () => `<dl><dt>${s.label}</dt>${nl(r)}<dd>${s.html}</dd></dl>`,
    () => `<p>${s.label}:<br>${s.html}</p>`,
    () => `<p><span style="font-weight:bold">${s.label}:</span>&nbsp;${s.html}</p>`,
    () => `| Field | Value |\n|---|---|\n| Email | ${email} |\n| ${s.label} | ${s.plain} |`,
    () => `| ${s.label} | ${s.plain} |`,
    () => `| Email | ${email} |\n| ${s.label} | ${s.plain} |\n| UID | 1234567 |`,
    () => `| **${s.label}** | \`${s.plain}\` |`,
    () =>
      `<form><label>${s.label}</label><input type="password" name="pwd" value="${s.html.replace(/"/g, "&quot;")}"></form>`,
  ];
  const i = r.int(layouts.length);
  return {
    layout: `markup layout ${i} (${s.label})`,
    text: frame(r, (layouts[i] as () => string)()),
    secrets: [s.plain],
  };
}

/** The same markup holding public values, header rows and states: stays exactly as written. */
export function markupLookalike(r: Rng): { layout: string; text: string } {
  const txid = hex(r, 64);
  const address = `0x${hex(r, 40)}`;
  const order = `${r.pick(["ORD", "W", ""])}${100000000 + r.int(900000000)}`;
  const label = r.pick(["Password", "API Key", "Secret", "2FA"]);
  const text = r.pick([
    `<table><tr><td>TxID</td><td>${txid}</td></tr><tr><td>Address</td><td>${address}</td></tr></table>`,
    `<table><tr><th>Order</th><th>Status</th></tr><tr><td>${order}</td><td>pending</td></tr></table>`,
    `<table><tr><th>${label}</th><th>Email</th></tr></table>`,
    `<td>${label}</td><td>same as before</td>`,
    `<td>Password</td><td>reset</td>`,
    `<td>Password</td><td>***</td>`,
    `<td>Password</td><td>N/A</td>`,
    `<b>Order ID:</b> ${order}`,
    `<p>Password:<br>not working since the update</p>`,
    `| Password | Email |\n|---|---|\n| (hidden) | bob@mail.com |`,
    `| Password | not set |`,
    `| Field | Value |\n|---|---|\n| TxID | ${txid} |\n| Address | ${address} |`,
    `<dl><dt>Withdrawal</dt><dd>${order}</dd><dt>TxID</dt><dd>${txid}</dd></dl>`,
    `<p>Your password is <b>required</b> for withdrawals.</p>`,
    `<b>Password</b> reset link: expired`,
    `[quote]my password is wrong[/quote]`,
    `[b]Order:[/b] ${order} [url=https://example.com/tx/${txid}]${txid}[/url]`,
    `<PasswordPolicy>strong</PasswordPolicy><token>USDT</token>`,
    `<form><input type="text" name="email" value="bob@mail.com"><input type="hidden" name="order_id" value="${order}"><input type="hidden" name="txid" value="${txid}"></form>`,
  ]);
  return { layout: "public values in markup", text: frame(r, text) };
}
