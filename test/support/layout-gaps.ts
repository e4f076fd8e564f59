/**
 * Layouts the last redaction gaps came from, each a generator of random cases (fresh every run, the
 * test prints the seed): a label underlined as a heading with its value under the rule
 * (`Password\n--------\nX`, `助记词\n======\n<words>`); a phrase sent a word a message with the time
 * after each word (`apple 10:42`, `apple [10:42]`, `1. apple (10:42 PM)`); a secret inside a form body or
 * query string, whose other parameters stay (`user=bob&password=X&remember=1`). And look-alikes of each:
 * headings over prose, chats of sentences with their times, query strings with no secret. And an English
 * phrase glued into a Chinese sentence whose own Latin letters touch its first or last word
 * (`我的BTCsquirrel … ancientLaunchpad 活动`), beside English prose glued the same way, which stays.
 */

import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { apiSecret, code, password } from "./secret-values";
import { TRIAGE_TEXTS, ZH_PROSE } from "./zh-corpus";

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const LABELS: Record<"password" | "2fa_code" | "api_secret" | "seed_en" | "seed_zh", string[]> = {
  password: [
    "Password",
    "password",
    "PASSWORD",
    "Login password",
    "Fund password",
    "密码",
    "登录密码",
    "资金密码",
    "密碼",
    "交易密码",
    "Passwort",
  ],
  "2fa_code": [
    "2FA code",
    "2FA",
    "Google Authenticator",
    "Authenticator code",
    "谷歌验证码",
    "验证码",
    "GA code",
    "OTP",
  ],
  api_secret: ["API Secret", "API secret", "Secret Key", "API Key", "api_secret", "API密钥", "Secret", "API 密钥"],
  seed_en: ["Seed phrase", "Recovery phrase", "Mnemonic", "seed", "My seed words", "助记词", "Secret Recovery Phrase"],
  seed_zh: ["助记词", "助記詞", "我的助记词", "钱包助记词", "种子词", "Seed phrase", "恢复词"],
};
const RULE_CHARS = ["-", "=", "_", "~", "*", "─", "━", "═", "—"];

/** A label as people dress it: case kept, a colon (full-width too), markdown emphasis or a heading mark. */
function dress(label: string, r: Rng): string {
  let l = label;
  if (r.chance(0.3)) l += r.pick([":", "：", " :", "："]);
  if (r.chance(0.2)) l = r.pick([`**${l}**`, `__${l}__`, `## ${l}`, `*${l}*`]);
  if (r.chance(0.1)) l = `  ${l}`;
  return l;
}

function rule(r: Rng): string {
  const c = r.pick(RULE_CHARS);
  const n = 3 + r.int(28);
  return r.chance(0.15) ? Array.from({ length: Math.min(n, 8) }, () => c).join(" ") : c.repeat(n);
}

/** The phrase's words as a customer lays them under a label: spaced, a line each, numbered, comma'd. */
function phraseBody(words: string[], r: Rng, zh: boolean): string {
  switch (r.int(zh ? 5 : 4)) {
    case 0:
      return words.join(" ");
    case 1:
      return words.join("\n");
    case 2:
      return words.map((w, i) => `${i + 1}. ${w}`).join(r.pick(["\n", " "]));
    case 3:
      return words.join(r.pick([", ", "，", "、"]));
    default:
      return words.join("");
  }
}

/** A secret under an underlined label: `Label\n-----\nvalue`, blank lines, CRLF, a line of prose after. */
export function underlinedCase(r: Rng): SecretCase {
  const kind = r.pick(["password", "password", "2fa_code", "api_secret", "seed", "seed"] as const);
  const nl = r.chance(0.2) ? "\r\n" : "\n";
  const blankAbove = r.chance(0.15) ? nl : "";
  const blankBelow = r.chance(0.25) ? nl : "";
  let value: string;
  let fragments: string[];
  let label: string;
  let layout: string = kind;
  if (kind === "seed") {
    const lang: Lang = r.pick(["en", "zh-Hans", "zh-Hant"] as const);
    const words = mnemonic(r, lang);
    fragments = lang === "en" && r.chance(0.2) ? words.map((w) => w.toUpperCase()) : words;
    value = phraseBody(fragments, r, lang !== "en");
    label = r.pick(lang === "en" ? LABELS.seed_en : LABELS.seed_zh);
    layout = `seed ${lang} ${words.length}`;
  } else {
    const secret = kind === "password" ? password(r) : kind === "2fa_code" ? code(r) : apiSecret(r);
    fragments = [secret];
    label = r.pick(LABELS[kind]);
    value = r.pick([secret, secret, secret, `\`${secret}\``, r.chance(0.5) ? fullWidth(secret) : secret]);
    if (kind === "2fa_code" && r.chance(0.3)) value = `${secret.slice(0, 3)} ${secret.slice(3)}`;
  }
  const before = r.pick(["", "", `Hi support,${nl}${nl}`, `你好${nl}`, `My account details:${nl}${nl}`]);
  const after = r.pick(["", "", `${nl}${nl}Thanks`, `${nl}请帮我看看`, `${nl}${nl}Please help, I can't log in.`]);
  const text = `${before}${dress(label, r)}${nl}${blankAbove}${rule(r)}${nl}${blankBelow}${value}${after}`;
  return { layout: `underlined ${layout}`, kind: kind === "seed" ? "seed_phrase" : kind, text, fragments };
}

const hhmm = (r: Rng) => `${1 + r.int(12)}:${String(r.int(60)).padStart(2, "0")}`;
/** How a chat export puts a message's time after its word. */
const AFTER_WORD: Array<(w: string, i: number, t: string, r: Rng) => string> = [
  (w, _, t) => `${w} ${t}`,
  (w, _, t) => `${w} [${t}]`,
  (w, _, t) => `${w} (${t})`,
  (w, _, t, r) => `${w} (${t} ${r.pick(["PM", "AM", "pm", "am", "p.m."])})`,
  (w, i, t, r) => `${i + 1}. ${w} (${t} ${r.pick(["PM", "AM"])})`,
  (w, _, t, r) => `${w} ${t}:${String(10 + r.int(50))}`,
  (w, _, t, r) => `${w} ${t}${r.pick(["AM", "PM"])}`,
  (w, _, t) => `${w} - ${t}`,
  (w, _, t) => `${w}  ${t} ✓✓`,
  (w, _, t, r) => `${w} ${r.pick(["下午", "上午", "晚上"])}${t}`,
  (w, _, t, r) => `${w} ${r.pick(["Today at", "Yesterday at", "today"])} ${t} ${r.pick(["PM", "AM"])}`,
  (w, i, t) => `${i + 1}) ${w} ${t}`,
  (w, _, t, r) => `${t} ${r.pick(["AM", "PM"])} ${w}`,
  (w, _, t, r) => `[${t} ${r.pick(["AM", "PM"])}] ${w}`,
  (w, _, t, r) => `${w} ${t} ${r.pick(["下午", "上午"])}`,
  (w, _, t) => `${w}\n${t}`,
  (w, _, t, r) => `${w} ${r.pick(["✓", "·", "—"])} ${t}${r.pick(["", " PM"])}`,
  (w, _, t, r) => `${w} ${10 + r.int(18)}/05 ${t} ${r.pick(["AM", "PM"])}`,
];

/** A phrase a word a message, each with its time after it, a line each (blank lines, CRLF) or on one line. */
export function stampedWordsCase(r: Rng): SecretCase {
  const lang: Lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const f = r.int(AFTER_WORD.length);
  const stamp = AFTER_WORD[f] as (w: string, i: number, t: string, r: Rng) => string;
  const same = r.chance(0.5);
  let t = hhmm(r);
  const lines = words.map((w, i) => {
    if (!same && r.chance(0.3)) t = hhmm(r);
    return stamp(w, i, t, r);
  });
  const sep = r.pick(["\n", "\n", "\r\n", "\n\n", " "]);
  let text = lines.join(sep);
  if (r.chance(0.3))
    text = `${r.pick(["seed phrase", "助记词", "my recovery words", "我的助记词："])} ${hhmm(r)}${sep}${text}`;
  if (r.chance(0.3)) text += `${sep}${r.pick(["please help", "请帮我看看", "thanks"])} ${hhmm(r)}`;
  return {
    layout: `stamped ${lang} ${words.length} form ${f} ${JSON.stringify(sep)}`,
    kind: "seed_phrase",
    text,
    fragments: words,
  };
}

/** Harmless parameters that stand beside the secret and must stay. */
const OTHER_PARAMS = [
  "user=bob",
  "remember=1",
  "lang=en",
  "symbol=BTCUSDT",
  "email=alice%40example.com",
  "recvWindow=5000",
  "redirect=%2Fhome",
  "orderId=123456789",
  "timestamp=1733550000000",
  "page=2",
  "username=cryptofan88",
];
const SECRET_PARAMS: Array<{ name: string; kind: "password" | "api_secret"; make: (r: Rng) => string }> = [
  { name: "password", kind: "password", make: (r) => encodeURIComponent(password(r)) },
  { name: "passwd", kind: "password", make: (r) => encodeURIComponent(password(r)) },
  { name: "pwd", kind: "password", make: (r) => encodeURIComponent(password(r)) },
  { name: "passphrase", kind: "password", make: (r) => encodeURIComponent(password(r)) },
  { name: "token", kind: "api_secret", make: (r) => apiSecret(r) },
  { name: "api_secret", kind: "api_secret", make: (r) => apiSecret(r) },
  { name: "apiSecret", kind: "api_secret", make: (r) => apiSecret(r) },
  { name: "secret", kind: "api_secret", make: (r) => apiSecret(r) },
  { name: "access_token", kind: "api_secret", make: (r) => apiSecret(r) },
];

export interface FormCase extends SecretCase {
  /** Parameters that must survive as written. */
  keep: string[];
}

/** A secret parameter among others in a form body or a query string, first, in the middle or last. */
export function formBodyCase(r: Rng): FormCase {
  const p = r.pick(SECRET_PARAMS);
  const value = p.make(r);
  const others = Array.from({ length: 1 + r.int(3) }, () => r.pick(OTHER_PARAMS)).filter(
    (o, i, a) => a.indexOf(o) === i,
  );
  const params = [...others];
  params.splice(r.int(params.length + 1), 0, `${p.name}=${value}`);
  const body = params.join("&");
  const frame = r.pick([
    (b: string) => b,
    (b: string) => `https://api.example.com/v1/login?${b}`,
    (b: string) => `POST /login\n\n${b}`,
    (b: string) => `curl -X POST https://x.example/api -d "${b}"`,
    (b: string) => `my bot sends ${b} and gets 401`,
    (b: string) => `请求参数：${b}，一直报错`,
    (b: string) => `body: ${b}`,
  ]);
  return {
    layout: `form ${p.name} at ${params.indexOf(`${p.name}=${value}`)} of ${params.length}`,
    kind: p.kind,
    text: frame(body),
    fragments: [decodeURIComponent(value)],
    keep: others,
  };
}

/** Look-alikes: headings over prose, a chat's sentences with their times after, query strings of public values. */
export function layoutGapLookalike(r: Rng): { layout: string; text: string } {
  const sentence = () => r.pick([...ZH_PROSE, ...TRIAGE_TEXTS]);
  const nl = r.chance(0.2) ? "\r\n" : "\n";
  switch (r.int(4)) {
    case 0: {
      const heading = r.pick([
        "Password reset",
        "Password",
        "API Key",
        "2FA",
        "助记词",
        "资金密码",
        "Withdrawal",
        "Order 48213",
        "Seed phrase",
        "Summary",
        "登录问题",
      ]);
      // A sentence, not one bare word (under a Chinese password label a lone word is read as its value, rule or not).
      let prose = sentence();
      while (!/\s|\p{Script=Han}/u.test(prose.trim())) prose = sentence();
      return { layout: "heading over prose", text: `${heading}${nl}${rule(r)}${nl}${prose}` };
    }
    case 1: {
      const lines = Array.from(
        { length: 3 + r.int(10) },
        () => `${sentence().slice(0, 60)} ${hhmm(r)}${r.chance(0.3) ? " PM" : ""}`,
      );
      return { layout: "sentences with times", text: lines.join(nl) };
    }
    case 2: {
      const params = Array.from({ length: 2 + r.int(4) }, () => r.pick(OTHER_PARAMS)).join("&");
      return { layout: "query of public values", text: `GET /api/v3/order?${params} returns 400` };
    }
    default: {
      const words = ["ok", "thanks", "hello", "yes", "done", "wait", "好的", "谢谢", "收到", "在吗"];
      const lines = Array.from({ length: 4 + r.int(12) }, () => `${r.pick(words)} ${hhmm(r)}`);
      return { layout: "short replies with times", text: lines.join(nl) };
    }
  }
}

/** Latin words Chinese support sentences hold, glued to what stands beside them. */
const SENTENCE_LATIN = [
  "BTC",
  "USDT",
  "ETH",
  "Launchpad",
  "OKX",
  "MetaMask",
  "imToken",
  "TRC20",
  "App",
  "KYC",
  "ok",
  "Binance",
  "TP",
  "ID",
  "PEPE",
  "app",
];
const sentencePiece = (r: Rng, s: string, head: boolean) => {
  const cut = r.int(s.length + 1);
  return head ? s.slice(0, cut) : s.slice(cut);
};

/** An English phrase inside a Chinese sentence, glued at both ends, the sentence's Latin letters touching it half the time. */
export function gluedEnglishCase(r: Rng): SecretCase {
  const words = mnemonic(r, "en");
  const sentences = [...ZH_PROSE, ...TRIAGE_TEXTS.filter((t) => /\p{Script=Han}/u.test(t))];
  const latinBefore = r.chance(0.5);
  const latinAfter = r.chance(0.5);
  const lead = sentencePiece(r, r.pick(sentences), true) + (latinBefore ? r.pick(SENTENCE_LATIN) : "");
  const tail = (latinAfter ? r.pick(SENTENCE_LATIN) : "") + sentencePiece(r, r.pick(sentences), false);
  const sep = r.pick([" ", " ", "，", "\n", "  "]);
  const text = `${lead}${words.join(sep)}${tail}`;
  return {
    layout: `en ${words.length} glued ${latinBefore ? "latin" : "han"}|${latinAfter ? "latin" : "han"} ${JSON.stringify(sep)}`,
    kind: "seed_phrase",
    text,
    fragments: words,
  };
}

/** English prose glued into Chinese the same way: it stays. */
export function gluedEnglishLookalike(r: Rng): string {
  const en = TRIAGE_TEXTS.filter((t) => !/\p{Script=Han}/u.test(t));
  const zh = [...ZH_PROSE, ...TRIAGE_TEXTS.filter((t) => /\p{Script=Han}/u.test(t))];
  return `${sentencePiece(r, r.pick(zh), true)}${r.chance(0.5) ? r.pick(SENTENCE_LATIN) : ""}${r.pick(en)}${r.chance(0.5) ? r.pick(SENTENCE_LATIN) : ""}${sentencePiece(r, r.pick(zh), false)}`;
}

/** Wallet names written in CamelCase, their parts wordlist words or prefixes ("Meta" of "metal", "Mask"). */
const CAMEL_NAMES = ["MetaMask", "TrustWallet", "TokenPocket", "SafePal", "OneKey", "TronLink"];
/** A sentence's short first words that are no wordlist word. */
const SHORT_FIRST = ["The", "For", "But", "Why", "How", "Our", "Has", "Was", "Did", "Her", "Not", "Who"];
const ENGLISH = new Set(english);
/** The wordlist words English support prose uses ("order", "book", "account", "deposit"), from the triage sets. */
const PROSE_WORDS = [
  ...new Set(
    TRIAGE_TEXTS.filter((t) => !/\p{Script=Han}/u.test(t)).flatMap((t) =>
      (t.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => ENGLISH.has(w)),
    ),
  ),
];

/**
 * An English sentence glued to a wallet's CamelCase name in Chinese prose naming a seed phrase
 * (`注册MetaMaskThe order book depth endpoint returns stale data…要助记词`): its short first word, no wordlist
 * word, and then six or seven of the wordlist words support prose uses and "too。". Written apart
 * (`MetaMask The order …`) it is no phrase (the short word ends the name's run, and seven words are too few).
 */
export function camelGluedLookalike(r: Rng): string {
  const zh = [...ZH_PROSE, ...TRIAGE_TEXTS.filter((t) => /\p{Script=Han}/u.test(t))];
  const words = Array.from({ length: 6 + r.int(2) }, () => r.pick(PROSE_WORDS));
  const sentence = `${r.pick(SHORT_FIRST)} ${words.join(" ")} ${r.pick(["too。", "too？", "etc，"])}`;
  const head = sentencePiece(r, r.pick(zh), true).slice(-20);
  const tail = sentencePiece(r, r.pick(zh), false).slice(0, 20);
  const label = r.pick(["助记词", "私钥", "种子短语", "助记词和私钥"]);
  const glued = `${head}${r.pick(CAMEL_NAMES)}${sentence}${tail}`;
  return r.chance(0.5) ? `${glued}${label}` : `${label}${glued}`;
}
