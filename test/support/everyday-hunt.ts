/**
 * Everyday pastes of a crypto customer, fresh every run (the test prints the seed): a TOTP setup key,
 * a 12/24-word phrase (en, zh-Hans, zh-Hant), a 64-hex, WIF or base58 private key, an exchange's API
 * key and secret, a password, each after its label in a markdown table, YAML, `.env`, JSON with odd
 * spacing, a bulleted list with emoji, a quoted reply (`> `), an OCR'd screenshot with broken lines,
 * with zero-width characters, in full-width letters and digits, with look-alike letters of other
 * scripts in the label, and phrases whose words are separated by `/`, `|`, `->`, `、` or tabs. Look-alikes:
 * TxIDs, addresses, order ids and prose in the same frames.
 */

import { base58, hex } from "@scure/base";
import { base62, keys, mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { password } from "./secret-values";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const totp = (r: Rng) => {
  for (;;) {
    const v = Array.from({ length: r.pick([16, 32]) }, () => r.pick([...B32])).join("");
    if (/[2-7]/.test(v)) return v;
  }
};

interface Secret {
  kind: SecretCase["kind"];
  label: string;
  value: string;
  /** A phrase's words, each as it stands in the value. */
  words?: string[];
}

const PHRASE_SEPARATORS = [" ", " / ", "/", " | ", " -> ", "\t", ", "];
const ZH_SEPARATORS = [" ", "、", "，", "/", " | ", "\t", ""];

function secret(r: Rng): Secret {
  switch (r.int(7)) {
    case 0:
      return {
        kind: "2fa_code",
        label: r.pick([
          "2FA secret",
          "Google Authenticator key",
          "TOTP secret",
          "2fa setup key",
          "谷歌验证器密钥",
          "备份密钥",
          "备用码",
          "Authenticator backup key",
        ]),
        value: totp(r),
      };
    case 1: {
      const lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const);
      const words = mnemonic(r, lang, r.pick([12, 24]));
      const sep = r.pick(lang === "en" ? PHRASE_SEPARATORS : ZH_SEPARATORS);
      const label = r.pick(
        lang === "en"
          ? ["seed phrase", "mnemonic", "recovery phrase", "backup words"]
          : ["助记词", "助記詞", "钱包助记词"],
      );
      return { kind: "seed_phrase", label, value: words.join(sep), words };
    }
    case 2:
      return {
        kind: "private_key",
        label: r.pick(["private key", "privkey", "私钥", "wallet private key"]),
        value: keys.hex64(r),
      };
    case 3:
      return {
        kind: "private_key",
        label: r.pick(["WIF", "private key", "私钥", "BTC private key"]),
        value: keys.wif(r),
      };
    case 4:
      return {
        kind: "private_key",
        label: r.pick(["Solana private key", "private key", "私钥"]),
        value: base58.encode(r.bytes(64)),
      };
    case 5:
      return {
        kind: "api_secret",
        label: r.pick(["API Secret", "Secret Key", "secretKey", "API密钥", "api_secret"]),
        value: base62(r, 64),
      };
    default: {
      let v = password(r);
      while (!/[A-Za-z]/.test(v)) v = password(r);
      return {
        kind: "password",
        label: r.pick(["password", "Password", "login password", "密码", "资金密码", "pwd"]),
        value: v,
      };
    }
  }
}

const slug = (label: string) =>
  /[\u4e00-\u9fff]/.test(label)
    ? label
    : label
        .replace(/[^A-Za-z0-9]+/g, "_")
        .replace(/^_|_$/g, "")
        .toLowerCase();

/** The frames: each writes a label and its value as the layout does. */
const FRAMES: Record<string, (l: string, v: string, r: Rng) => string> = {
  table: (l, v) => `| Field | Value |\n|---|---|\n| ${l} | ${v} |`,
  tableRow: (l, v) => `| ${l} | ${v} |`,
  yaml: (l, v, r) => (r.chance(0.5) ? `wallet:\n  ${slug(l)}: ${v}\n  network: mainnet` : `${slug(l)}: "${v}"`),
  env: (l, v, r) =>
    `${r.chance(0.4) ? "export " : ""}${slug(l).toUpperCase()}=${r.chance(0.5) ? `"${v}"` : v}\nNODE_ENV=production`,
  json: (l, v, r) =>
    r.pick([
      `{ "${l}" :   "${v}" }`,
      `{\n\t"${slug(l)}"\t:\t"${v}"\n}`,
      `{"${slug(l)}" : "${v}" , "id": 7}`,
      `{ "${l}":"${v}"}`,
    ]),
  bullets: (l, v, r) =>
    `${r.pick(["• 🔑 ", "- ✅ ", "🔐", "* 👉 ", "➡️ "])}${l}${r.pick([": ", "：", " → ", " - ", " 👉 ", " ➡️ ", "👉"])}${v}\n${r.pick(["• ", "- "])}🙏 please help`,
  quoted: (l, v, r) => `On Mon, 4 May 2026, Bob wrote:\n${r.pick(["> ", ">> ", "> > "])}${l}: ${v}\n> thanks`,
  // Between a phrase's words, or every few characters of a value.
  zeroWidth: (l, v) =>
    `${l}:\u200b ${/[ \u4e00-\u9fff]/.test(v) ? v.replace(/ /g, " \u200b") : v.replace(/(.{5})/g, "$1\u200b")}`,
  fullWidth: (l, v) => `${l}：${v}`.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  mixedScript: (l, v) => `${l.replace(/a/g, "а").replace(/o/g, "о").replace(/e/g, "е")}: ${v}`,
};

/** An OCR'd screenshot: the label on a line, the value broken over two or three lines. */
function ocr(s: Secret, r: Rng): string {
  if (s.words) {
    const n = s.words.length;
    const cut = [Math.floor(n / 3) + r.int(2), Math.floor((2 * n) / 3) + r.int(2)];
    const lines = [s.words.slice(0, cut[0]), s.words.slice(cut[0], cut[1]), s.words.slice(cut[1])];
    return `${s.label}\n${lines.map((w) => w.join(" ")).join("\n")}`;
  }
  if (s.value.length < 30) return `${s.label}:\n${s.value}`;
  const at = 12 + r.int(s.value.length - 24);
  return `${s.label}:\n${s.value.slice(0, at)}\n${s.value.slice(at)}`;
}

export function everydayCase(r: Rng): SecretCase {
  const s = secret(r);
  const names = Object.keys(FRAMES);
  const name = r.chance(0.1) ? "ocr" : r.pick(names);
  const text =
    name === "ocr" ? ocr(s, r) : (FRAMES[name] as (l: string, v: string, r: Rng) => string)(s.label, s.value, r);
  const fw = name === "fullWidth";
  const fragments = s.words
    ? s.words.map((w) => (fw ? w.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : w))
    : [s.value];
  return { layout: `${name} ${s.kind} ${s.label}`, kind: s.kind, text, fragments };
}

/** The same frames around what is no secret. */
export function everydayLookalike(r: Rng): string {
  const tx = hex.encode(r.bytes(32));
  const pairs: Array<[string, string]> = [
    ["TxID", tx],
    ["tx hash", `0x${tx}`],
    ["Order ID", String(1e9 + r.int(9e9))],
    ["UID", String(10000000 + r.int(89999999))],
    ["deposit address", `0x${hex.encode(r.bytes(20))}`],
    ["Solana address", base58.encode(r.bytes(32))],
    ["订单号", String(1e9 + r.int(9e9))],
    ["交易哈希", tx],
    ["status", "withdrawal pending since yesterday"],
    ["问题", "提现一直没到账，请帮忙看看"],
  ];
  const [l, v] = r.pick(pairs);
  const name = r.pick(Object.keys(FRAMES).filter((n) => n !== "mixedScript"));
  return (FRAMES[name] as (l: string, v: string, r: Rng) => string)(l, v, r);
}
