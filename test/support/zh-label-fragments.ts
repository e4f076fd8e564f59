/**
 * Chinese phrases whose characters happen to spell a label (or part of one): "傅民走伴助記牛手…"
 * holds 助記, the start of 助記詞. Each label word of the engine whose characters are all in a
 * wordlist is put at a random place of a checksum-valid phrase of that script.
 */

import { validateMnemonic } from "@scure/bip39";
import { KEY_LABEL, SEED_LABEL, TX_WORDS } from "../../src/core/redact/labels";
import { LISTS, mnemonic, type Rng } from "./secret-generator";

/** Labels of the other detectors (passwords, 2FA, API keys, backup codes, wallets), both scripts. */
const OTHER_LABELS =
  "密码 密碼 口令 登录密码 登錄密碼 资金密码 資金密碼 交易密码 交易密碼 验证码 驗證碼 谷歌 验证器 驗證器 谷歌验证 " +
  "动态码 動態碼 安全码 安全碼 备用码 備用碼 恢复码 恢復碼 备份码 備份碼 钱包 錢包 备份 備份 恢复 恢復 导出 導出 " +
  "助记 助記 记词 記詞 种子 種子 密语 密語 私钥 私鑰 密钥 密鑰 秘钥 秘鑰";

/** The pure-Chinese alternatives of a label pattern ("助记词|助記詞|…"). */
const hanAlternatives = (re: RegExp) =>
  re.source
    .split("|")
    .map((s) => s.replace(/[()?:]/g, ""))
    .filter((s) => /^\p{Script=Han}{2,6}$/u.test(s));

const ALL = [...new Set([...[SEED_LABEL, KEY_LABEL, TX_WORDS].flatMap(hanAlternatives), ...OTHER_LABELS.split(" ")])];

type ZhLang = "zh-Hans" | "zh-Hant";

/** Label words whose every character is a word of `lang`'s list (only those can sit in a phrase). */
export const FRAGMENTS: Record<ZhLang, string[]> = {
  "zh-Hans": ALL.filter((w) => [...w].every((c) => LISTS["zh-Hans"].includes(c))),
  "zh-Hant": ALL.filter((w) => [...w].every((c) => LISTS["zh-Hant"].includes(c))),
};

/**
 * A checksum-valid phrase of `lang` holding `fragment` at a random place (start, middle or end):
 * the fragment is written over random words, then one other word is redrawn until the checksum holds.
 */
export function phraseWith(r: Rng, lang: ZhLang, fragment: string, words?: number): string[] {
  const list = LISTS[lang];
  const frag = [...fragment];
  for (;;) {
    const out = mnemonic(r, lang, words);
    const at = r.pick([0, out.length - frag.length, r.int(out.length - frag.length + 1)]);
    frag.forEach((c, k) => {
      out[at + k] = c;
    });
    // "第二十四个词" is numbering ("the 24th word"), read as such: not this test's matter.
    if (at > 0 && out[at - 1] === "第" && /^[一二三四五六七八九十两零〇]/u.test(fragment)) continue;
    const free = out.map((_, k) => k).filter((k) => k < at || k >= at + frag.length);
    const k = r.pick(free);
    for (let tries = 0; tries < 400; tries++) {
      out[k] = list[r.int(list.length)] as string;
      if (validateMnemonic(out.join(" "), list)) return out;
    }
  }
}
