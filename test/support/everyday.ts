/**
 * Everyday layouts an attacker's pass found kept (fresh values every run): credentials without a
 * password label (`bob@x.com:Pa55word!`, `login: bob@x.com / Pa55word!`, `login: bob99 / Pa55word!`, `user bob pass X`),
 * labels in markdown emphasis or a spoiler (`**Password:** X`, `2fa code ||123456||`),
 * values before their label ("123456 - that's my 2FA code", "X这是我的密码"), passwords with spaces (`password: blue cat Tom47`), backup codes as bullets or with a
 * letters-only code, phrases numbered `w1:`, API keys named only "key" next to their secret,
 * and tables whose header names the column (markdown, tab- or comma-separated). Plus the look-alikes in the same layouts.
 */

import { base32 } from "@scure/base";
import { mnemonic, type Rng } from "./secret-generator";

export interface EverydayCase {
  layout: string;
  text: string;
  /** Values that must not survive (each folded, 12 characters of it or all when shorter). */
  secrets: string[];
  /** For a phrase: its words, none of which may survive. */
  words?: string[];
}

const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER = "abcdefghijkmnopqrstuvwxyz";
const DIGITS = "23456789";
const SYMBOLS = "!@#$%^&*_-+=?.";
const chars = (r: Rng, s: string, n: number) => Array.from({ length: n }, () => r.pick([...s])).join("");
/** A generated password: 9-16 characters, both cases, a digit, sometimes symbols (the "@" too). */
function password(r: Rng): string {
  const all = UPPER + LOWER + DIGITS + (r.chance(0.5) ? SYMBOLS : "");
  const p = chars(r, all, 6 + r.int(8));
  return `${chars(r, UPPER, 1)}${p}${chars(r, DIGITS, 1)}${chars(r, LOWER, 1)}`;
}
const email = (r: Rng) =>
  `${r.pick(["bob", "alice.w", "kevin88", "li.wei", "j_smith"])}${r.int(100)}@${r.pick(["gmail.com", "x.com", "qq.com", "outlook.com", "163.com"])}`;
const code = (r: Rng) => String(r.int(1_000_000)).padStart(6, "0");
const totpKey = (r: Rng) => base32.encode(r.bytes(r.pick([10, 20]))).replace(/=+$/, "");
const alnum = (r: Rng, n: number) => chars(r, UPPER + LOWER + DIGITS, n);
const title = (w: string) => `${w[0]?.toUpperCase()}${w.slice(1)}`;
const WORDS = ["blue", "cat", "horse", "river", "summer", "dog", "green", "apple", "moon", "tiger"];

type Make = (r: Rng) => Omit<EverydayCase, "layout">;
const one =
  (f: (s: string, r: Rng) => string, value: (r: Rng) => string = password): Make =>
  (r) => {
    const s = value(r);
    return { text: f(s, r), secrets: [s] };
  };

export const EVERYDAY_FORMS: Record<string, Make> = {
  "credentials: email:password": one((p, r) => `${email(r)}:${p}`),
  "credentials: in a sentence": one((p, r) => `my account is ${email(r)}:${p} and it is locked`),
  "credentials: login: email / password": one(
    (p, r) => `${r.pick(["login", "Login", "account", "账号"])}: ${email(r)} / ${p}`,
  ),
  "credentials: email | password": one((p, r) => `${email(r)} | ${p}`),
  "credentials: email, password": one((p, r) => `${email(r)}, ${p}`),
  "credentials: email then password line": one((p, r) => `${email(r)}\n${p}`),
  "credentials: email space password": one((p, r) => `${email(r)} ${p}`),
  "credentials: email and password": one((p, r) => `I log in with ${email(r)} and ${p}`),
  "credentials: user bob pass X": one(
    (p, r) =>
      `${r.pick(["user", "username", "login"])} ${r.pick(["bob", "li_wei", "kevin88"])} ${r.pick(["pass", "pw"])} ${p}`,
  ),
  "credentials: login: user / password": one(
    (p, r) =>
      `${r.pick(["login", "Login", "creds", "credentials", "user", "username", "账号"])}: ${r.pick(["bob99", "li_wei", "kevin.88"])} ${r.pick(["/", "|"])} ${p}`,
  ),
  "markup: **Password:** X": one(
    (p, r) => `${r.pick(["**Password:**", "**Password**:", "__Password__:", "*password:*"])} ${p}`,
  ),
  "markup: password in a spoiler or bold": one(
    (p, r) => `password: ${r.pick(["||", "**"]).replace(/.+/, (m) => `${m}${p}${m}`)}`,
  ),
  "markup: **2FA code:** 123456": one(
    (c, r) => `${r.pick(["**2FA code:**", "**Google Authenticator**:", "__OTP__:"])} ${c}`,
    code,
  ),
  "markup: 2fa code ||123456||": one(
    (c, r) => `${r.pick(["2fa code", "2FA:", "otp"])} ${r.pick(["||", "**"]).replace(/.+/, (m) => `${m}${c}${m}`)}`,
    code,
  ),
  "markup: **Setup key**: `KEY`": one(
    (k, r) => `${r.pick(["**Setup key**:", "**2FA secret:**", "__Backup key__:"])} \`${k}\``,
    totpKey,
  ),
  "2fa: 验证器代码": one((c, r) => `${r.pick(["验证器代码", "身份验证器代码", "谷歌验证器码"])}：${c}`, code),
  "2fa: the 6-digit code is": one(
    (c, r) => `${r.pick(["the 6-digit code is", "6 digit code:", "six-digit code"])} ${c}`,
    code,
  ),
  "2fa: 2FA setup:\\nKEY": one(
    (k, r) => `${r.pick(["2FA setup:", "Authenticator setup -", "2fa setup"])}\n${k}`,
    totpKey,
  ),
  "after: code - that's my authenticator code": one(
    (c, r) =>
      `${c} ${r.pick(["- that's my", "— this is my", "is the"])} ${r.pick(["authenticator code", "2FA code", "google code"])}`,
    code,
  ),
  "after: X that's my password / X这是我的密码": one((p, r) =>
    r.pick([`${p} - that's my password`, `${p} it's my login password`, `${p}这是我的登录密码`, `${p} 这个是我的密码`]),
  ),
  "spaced: password: words Word12": (r) => {
    const p = `${r.pick(WORDS)} ${r.pick(WORDS)} ${title(r.pick(WORDS))}${10 + r.int(90)}`;
    return { text: `${r.pick(["password", "Password", "pw", "密码"])}: ${p}`, secrets: [p] };
  },
  "spaced: my password is Hello World 592!": (r) => {
    const p = `${title(r.pick(WORDS))} ${title(r.pick(WORDS))} ${r.int(1000)}${r.pick(["!", "#", ""])}`;
    return { text: `${r.pick(["my password is", "The password is", "password ="])} ${p}`, secrets: [p] };
  },
  "backup: bullets": (r) => {
    const codes = Array.from(
      { length: 4 + r.int(6) },
      () => `${chars(r, "0123456789", 4)}-${chars(r, "0123456789", 4)}`,
    );
    return { text: `Backup codes\n${codes.map((c) => `${r.pick(["-", "*", "•"])} ${c}`).join("\n")}`, secrets: codes };
  },
  "backup: a letters-only code": (r) => {
    const codes = Array.from({ length: 5 + r.int(6) }, () => chars(r, "abcdefghijklmnopqrstuvwxyz0123456789", 8));
    codes[r.int(codes.length)] = chars(r, "bcdfghjklmnpqrstvwxz", 8);
    return {
      text: `${r.pick(["Backup codes", "recovery codes"])}: ${codes.join(r.pick([" ", "\n", ", "]))}`,
      secrets: codes,
    };
  },
  "api pair: key: K, secret: S": (r) => {
    const k = alnum(r, r.pick([32, 64]));
    const s = alnum(r, 64);
    const text = r.pick([
      `key: ${k}\nsecret: ${s}`,
      `Key ${k} Secret ${s}`,
      `key/secret: ${k} / ${s}`,
      `API keys:\n${k}\n${s}\n(the second is the secret)`,
      `access key id = ${k}\nsecret = ${s}`,
      `here are my keys\n${k}\n${s}`,
    ]);
    return { text, secrets: [k, s] };
  },
  "table: header names the column": (r) => {
    const p = password(r);
    const k = alnum(r, 64);
    const s = alnum(r, 64);
    const e = email(r);
    const c = code(r);
    return r.pick([
      { text: `| Email | Password |\n|---|---|\n| ${e} | ${p} |`, secrets: [p] },
      { text: `| Exchange | API Key | Secret |\n| --- | --- | --- |\n| Binance | ${k} | ${s} |`, secrets: [k, s] },
      { text: `email\tpassword\tnote\n${e}\t${p}\tmain`, secrets: [p] },
      { text: `name,pass,2fa\nbob,${p},${c}`, secrets: [p, c] },
      { text: `| Account | Private key |\n|:--|:--|\n| main | ${k} |`, secrets: [k] },
    ]);
  },
  "phrase: w1: word": (r) => {
    const w = mnemonic(r, "en", r.pick([12, 15, 18, 24]));
    const mark = r.pick(["w", "W", "word_", "w-"]);
    return {
      text: w.map((x, i) => `${mark}${i + 1}${r.pick([":", ")", "=", " -"])} ${x}`).join(r.pick([" ", "\n"])),
      secrets: [],
      words: w,
    };
  },
};

/** Every layout once with fresh values. */
export function everydayCases(r: Rng): EverydayCase[] {
  return Object.entries(EVERYDAY_FORMS).map(([layout, make]) => ({ layout, ...make(r) }));
}

/** What staff need as written, in the same layouts: addresses with ids after them, prose after labels, lists of order numbers. */
export function everydayLookalikes(r: Rng): Array<{ layout: string; text: string }> {
  const e = email(r);
  const T: Record<string, string> = {
    "email / order id": `${e} / ORD${r.int(1e8)}`,
    "email then UID line": `${e}\nUID: ${10_000_000 + r.int(8e7)}`,
    "email, then a word": `contact me at ${e}, ${r.pick(["thanks!", "Thanks", "ASAP", "please"])}`,
    "email: then prose": `${e}: my account is locked since ${r.pick(["Monday", "2024-05-01", "yesterday"])}`,
    "user / order id": `${r.pick(["login", "username", "account"])}: ${r.pick(["bob99", "main"])} / ${r.pick([`ORD${r.int(1e8)}`, "sub-account 2", "order 12345"])}`,
    "email and a date": `${e} 2024-0${1 + r.int(9)}-1${r.int(10)}`,
    "email and a phone": `${e} | +1-555-${chars(r, "0123456789", 4)}`,
    "login with email and 2FA": `I login with ${e} and 2FA`,
    "password prose after a label": r.pick([
      "password: at least 8 characters, one digit",
      "my password is not working since 2 days",
      "**Password:** reset link expired",
      "Password: (8-32 characters)",
      "my password is Wrong",
    ]),
    "spaced prose after 'is'": `my password is ${r.pick(["about", "only", "not"])} ${8 + r.int(8)} characters long`,
    "bold 2FA prose": "**2FA code:** not arriving, please help",
    "backup prose": `my backup codes are lost, order ${chars(r, "0123456789", 8)}`,
    "table without secret columns": `| Coin | Address | TxID |\n|---|---|---|\n| ETH | 0x${chars(r, "0123456789abcdef", 40)} | ${chars(r, "0123456789abcdef", 64)} |`,
    "table with a placeholder password": `| Password | Status |\n|---|---|\n| ${r.pick(["***", "n/a", "-"])} | reset |`,
    "csv of orders": `order,amount,status\n${r.int(1e9)},${r.int(100)},done`,
    "key id of digits near 'secret'": `The API key page shows key ID ${chars(r, "0123456789", 18)}, where is the secret?`,
    "address after 'key:' near 'secret'": `secret: none shared. Deposit key: 0x${chars(r, "0123456789abcdef", 40)}`,
    "order number before 'that's my'": `${chars(r, "123456789", 6)} - that's my order number`,
    "订单号 before 这是我的": `${chars(r, "123456789", 8)}这是我的订单号`,
    "6-digit code prose": r.pick([
      "the 6-digit code never arrived",
      "6 digit code: not received",
      "2FA setup: done, thanks",
    ]),
    "image name and HTML attributes": `<img src="logo@${1 + r.int(3)}x.png" width="${100 * (1 + r.int(9))}" alt="Logo">`,
    "public keys on lines": `my public keys:\n${chars(r, "0123456789abcdef", 64)}\n${chars(r, "0123456789abcdef", 64)}`,
    "addresses after 'keys'": `my keys\n0x${chars(r, "0123456789abcdef", 40)}\n0x${chars(r, "0123456789abcdef", 40)}`,
    "w1 in prose": `I tried w${1 + r.int(9)} and w${1 + r.int(9)} settings, nothing`,
  };
  return Object.entries(T).map(([layout, text]) => ({ layout, text }));
}
