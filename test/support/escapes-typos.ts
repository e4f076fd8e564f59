/**
 * Two layouts of session 28's attack (random secrets, fresh every run, the test prints the seed):
 * a secret inside a pasted JSON string, its line breaks and tabs written as `\n`/`\t` escapes and,
 * as a JSON dump writes it by default (Python's ensure_ascii), its Chinese as `\uXXXX`; and a
 * secret after its label misspelt (`pasword:`, `passwrod`, `Pssword`, `private kye`, `私匙`,
 * `密匙`). And their look-alikes, which stay: prose, TxIDs and ids in the same JSON strings, and
 * sentences that only speak of a misspelt label.
 */

import { lookalikeCases } from "./lookalike-generator";
import { keys, type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";
import { apiSecret, password } from "./secret-values";
import { TRIAGE_TEXTS, ZH_PROSE } from "./zh-corpus";

/** `text` as a JSON string literal; with `ascii`, every non-ASCII character as `\uXXXX` (surrogate pairs as two). */
export function jsonString(text: string, ascii: boolean): string {
  const s = JSON.stringify(text);
  return ascii ? s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : s;
}

const ESCAPED_SEPS = ["\n", "\t", "\r\n", "\n\n", " \n", ", "];
const ZH_SEPS = ["", " ", "，", "、", "\n"];
const WRAPS: Array<(s: string) => string> = [
  (s) => `{"text":${s}}`,
  (s) => `{"message": ${s}, "chat_id": 88213}`,
  (s) => `log: payload={"body":${s}}`,
  (s) => `[{"role":"user","content":${s}}]`,
];

/** A phrase, key or password written inside a JSON string whose escapes stand as written. */
export function escapedCase(r: Rng): SecretCase {
  const wrap = r.pick(WRAPS);
  const roll = r.int(5);
  if (roll < 3) {
    const lang = r.pick(["en", "en", "zh-Hans", "zh-Hant"] as const satisfies readonly Lang[]);
    const words = mnemonic(r, lang);
    const ascii = lang !== "en" && r.chance(0.7);
    const sep = r.pick(lang === "en" ? ESCAPED_SEPS : ZH_SEPS);
    const label = r.pick(
      lang === "en" ? ["my seed:", "recovery phrase", "", "words:"] : ["助记词：", "我的助记词是", "", "助記詞"],
    );
    const body = `${label}${label ? r.pick(["\n", " ", ""]) : ""}${words.join(sep)}${r.pick(["", "\nthanks", "\n请帮我找回"])}`;
    const text = wrap(jsonString(body, ascii));
    // Each word as it stands in the text: escaped when the dump escaped it.
    const fragments = words.map((w) => jsonString(w, ascii).slice(1, -1));
    return {
      layout: `escaped phrase ${lang}${ascii ? " \\u" : ""} sep ${JSON.stringify(sep)}`,
      kind: "seed_phrase",
      text,
      fragments,
    };
  }
  if (roll === 3) {
    const k = keys.hex64(r);
    const body = r.pick([`私钥：\n${k}`, `我的私钥是${k}`, `private key:\n0x${k}`, `导出的私钥\n${k}\n请帮我看看`]);
    return { layout: "escaped key", kind: "private_key", text: wrap(jsonString(body, r.chance(0.7))), fragments: [k] };
  }
  const p = password(r);
  const body = r.pick([`密码是${p}`, `登录密码：\n${p}`, `资金密码\t${p}`, `password:\n${p}\nthanks`]);
  return { layout: "escaped password", kind: "password", text: wrap(jsonString(body, r.chance(0.7))), fragments: [p] };
}

/** Prose, TxIDs, ids and look-alike lists inside the same JSON strings: they stay. */
export function escapedLookalike(r: Rng): { layout: string; text: string } {
  const roll = r.int(3);
  const text =
    roll === 0
      ? (lookalikeCases(r.int(2 ** 31), 1)[0] as { text: string }).text
      : roll === 1
        ? r.pick(TRIAGE_TEXTS)
        : r.pick(ZH_PROSE);
  const ascii = r.chance(0.5);
  return { layout: `escaped look-alike ${roll}${ascii ? " \\u" : ""}`, text: r.pick(WRAPS)(jsonString(text, ascii)) };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** `word` with one random slip: a letter dropped, added, wrong, or two swapped (never the word itself or its plural). */
export function slip(r: Rng, word: string): string {
  for (;;) {
    const i = r.int(word.length);
    const c = r.pick([...LETTERS]);
    const out = r.pick([
      () => word.slice(0, i) + word.slice(i + 1),
      () => (i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word),
      () => word.slice(0, i) + c + word.slice(i + 1),
      () => word.slice(0, i) + c + word.slice(i),
    ])();
    if (out !== word && out !== `${word}s` && out !== "primate") return out;
  }
}
const cased = (r: Rng, w: string) => r.pick([w, w[0]?.toUpperCase() + w.slice(1), w.toUpperCase()]);

const PASSWORD_FORMS: Array<(l: string, p: string) => string> = [
  (l, p) => `${l}: ${p}`,
  (l, p) => `my ${l} is ${p}`,
  (l, p) => `${p} is my ${l}`,
  (l, p) => `${l}=${p}`,
  (l, p) => `{"email":"bob@x.com","${l}":"${p}"}`,
  (l, p) => `login ${l} ${p}`,
  (l, p) => `email bob@gmail.com\n${l}: ${p}\nplease help`,
  (l, p) => `${l}\n${p}`,
];

/** A password, key or API secret after its label misspelt. */
export function typoLabelCase(r: Rng): SecretCase {
  const roll = r.int(3);
  if (roll < 2) {
    const p = password(r);
    const label = cased(r, slip(r, "password"));
    const f = r.int(PASSWORD_FORMS.length);
    return {
      layout: `typo password form ${f}`,
      kind: "password",
      text: (PASSWORD_FORMS[f] as (l: string, p: string) => string)(label, p),
      fragments: [p],
    };
  }
  const k = r.pick([keys.hex64, keys.wif])(r);
  const s = apiSecret(r);
  // 私钥/密钥 as written (私匙, 密匙) or with a pinyin slip (the same sound, another character).
  const pk = r.pick(["私匙", "私要", "私玥", "私鈅"]);
  const sk = r.pick(["密匙", "密要", "蜜钥"]);
  const pw = r.pick(["秘码", "蜜码", "密马", "密玛", "秘碼", "蜜碼", "密馬", "密瑪"]);
  const p = password(r);
  const forms: Array<[string, string]> = [
    [`${cased(r, slip(r, "private"))} key: ${k}`, k],
    [`${cased(r, "private")} ${r.pick(["kye", "Kye", "KYE"])} ${k}`, k],
    [`我的${pk}是${k}`, k],
    [`${pk}：${k}，请帮我看看`, k],
    [`${k} 是我的${pk}`, k],
    [`API${sk}：${s}`, s],
    [`${sk} ${s}`, s],
    [`我的${pw}是 ${p} 请帮我看看`, p],
    [`登录${pw}：${p}`, p],
  ];
  const [text, secret] = r.pick(forms);
  return {
    layout: `typo key ${text.replace(/[A-Za-z0-9]{16,}/g, "…")}`,
    kind: secret === p ? "password" : "private_key",
    text,
    fragments: [secret],
  };
}

/** Sentences that only speak of a misspelt label: they stay. */
export function typoLabelLookalike(r: Rng): { layout: string; text: string } {
  const l = cased(r, slip(r, "password"));
  const pk = slip(r, "private");
  const text = r.pick([
    `I forgot my ${l}, can you help?`,
    `${l} reset link expired 3 days ago`,
    `my ${l} is not working since yesterday`,
    `the ${l} field is empty after the update`,
    `how do I change my ${l}?`,
    `${l} wrong 5 times, account locked for 2 hours`,
    `${l}错误，账户被锁定了`,
    `我的私匙丢了怎么办`,
    `私匙和助记词有什么区别？`,
    `密匙过期了，怎么重新生成？`,
    `${r.pick(["秘码", "密马", "私要"])}忘了，怎么找回？`,
    `你们会保密吗？我的订单号是 A${100000 + r.int(899999)}`,
    `公私要分明，请尽快处理我的提现`,
    `I lost my ${pk} key, is there any way to recover?`,
    `never share your ${pk} key with anyone`,
    `${l}: same as before`,
  ]);
  return { layout: "typo look-alike", text };
}
