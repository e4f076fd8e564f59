// Language detection with the tokens crypto customers paste into their sentences: TxIDs, addresses, URLs, emails,
// UIDs, amounts, ticket and order numbers, code. Generated fresh each run (LANG_SEED=<seed> replays a failure).
import { base58, bech32 } from "@scure/base";
import { describe, expect, it } from "vitest";
import { detectLanguage, inboundLanguage } from "../../../src/core/language";
import { type Rng, rng } from "../../support/secret-generator";

const SEED = Number(process.env.LANG_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = 400;

const hex = (r: Rng, n: number) => Array.from(r.bytes(n), (b) => b.toString(16).padStart(2, "0")).join("");
const letters = (r: Rng, alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[r.int(alphabet.length)]).join("");
const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** One token that carries no language, in one of the shapes customers paste. */
function token(r: Rng): string {
  const kinds: Array<() => string> = [
    () => `0x${hex(r, 32)}`, // EVM TxID
    () => hex(r, 32), // BTC/Tron TxID without 0x
    () => hex(r, 32).toUpperCase(),
    () => `0x${hex(r, 20)}`, // EVM address
    () => `0x${letters(r, "abcdef", 40)}`, // an address that happens to have no digit after 0x
    () => base58.encode(r.bytes(25)), // BTC P2PKH-like
    () => `T${letters(r, B58, 33)}`, // Tron
    () => letters(r, B58.replace(/\d/g, ""), r.pick([32, 44])), // Solana-like, no digit at all
    () => bech32.encode("bc", bech32.toWords(r.bytes(20))), // segwit
    () => `https://${r.pick(["etherscan.io", "tronscan.org", "www.example.com"])}/tx/0x${hex(r, 32)}`,
    () => `www.${letters(r, "abcdefghijklmnopqrstuvwxyz", 8)}.com/help?ref=${hex(r, 4)}`,
    () => `${letters(r, "abcdefghijklmnopqrstuvwxyz", 6)}.${letters(r, "abcdefghij", 4)}@example.com`,
    () => `@${letters(r, "abcdefghijklmnopqrstuvwxyz_", 9)}`,
    () => `RD-${1000 + r.int(90_000)}`,
    () => `#${r.int(99_999)}`,
    () => `UID:${r.int(1e9)}`,
    () => String(r.int(1e9)),
    () => `${r.int(10_000)}.${r.int(100)} ${r.pick(["USDT", "BTC", "ETH", "TRX"])}`,
    () => `order_${hex(r, 6)}`,
    () => `ERR_${letters(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 8)}_TIMEOUT`,
    () => `api.v3.${letters(r, "abcdefghijklmnopqrstuvwxyz", 6)}()`,
    () => `"code":${r.int(100_000)}`,
    () => letters(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40), // base64 key-ish
  ];
  return r.pick(kinds)();
}

const ZH = [
  "我的提现还没到账，请帮忙查一下",
  "充值三个小时了还没有到账",
  "账户被冻结了，怎么办",
  "你好，我的交易一直显示处理中",
  "请尽快处理，谢谢",
  "我转错了地址，能找回吗",
  "实名认证一直不通过",
  "我的USDT提现卡住了",
  "KYC审核被拒绝了，为什么",
  "谷歌验证码不对，登录不了",
];
const EN = [
  "My withdrawal has not arrived yet, please check",
  "The deposit is still pending after three hours",
  "My account was frozen and I do not know why",
  "I sent the funds to the wrong network, can you help",
  "Please reply as soon as possible, thanks",
  "KYC was rejected twice even though my passport is valid",
  "I cannot log in because the 2FA code is not accepted",
];

/** A sentence with 1-6 tokens inserted between its words (or its characters, for Chinese). */
function mixed(r: Rng, sentence: string, zh: boolean): string {
  const parts = zh ? [...sentence] : sentence.split(" ");
  for (let n = 1 + r.int(6); n > 0; n--) {
    const at = r.int(parts.length + 1);
    parts.splice(at, 0, zh ? ` ${token(r)} ` : token(r));
  }
  return parts.join(zh ? "" : " ");
}

describe(`language with pasted ids, addresses and links (LANG_SEED=${SEED})`, () => {
  it("Chinese sentences stay Chinese whatever ids, addresses, links and numbers are in them", () => {
    const r = rng(SEED);
    for (let i = 0; i < CASES; i++) {
      const text = mixed(r, r.pick(ZH), true);
      expect(detectLanguage(text), `LANG_SEED=${SEED}: ${text}`).toBe("zh");
    }
  });

  it("English sentences stay English", () => {
    const r = rng(SEED + 1);
    for (let i = 0; i < CASES; i++) {
      const text = mixed(r, r.pick(EN), false);
      expect(detectLanguage(text), `LANG_SEED=${SEED}: ${text}`).toBe("en");
    }
  });

  it("a short Chinese request with a long TxID is Chinese (the TxID is not Latin text)", () => {
    const r = rng(SEED + 2);
    for (let i = 0; i < 50; i++) {
      const txid = `0x${hex(r, 32)}`;
      expect(detectLanguage(`请查 ${txid}`)).toBe("zh");
      expect(detectLanguage(`TxID: ${txid} 没到账`)).toBe("zh");
      expect(detectLanguage(`${txid}\n${hex(r, 32)}\n提现失败`)).toBe("zh");
    }
  });

  it("English with one Chinese name stays English: real Latin words still count", () => {
    expect(detectLanguage("Please check my withdrawal to the address I gave you yesterday, thanks 王伟")).toBe("en");
    expect(detectLanguage(`My name is 李明 and my deposit ${"0x".padEnd(66, "a")} never arrived at all`)).toBe("en");
  });

  it("a Chinese text from a client or page that says English gets Chinese; a hint decides only unclear text", () => {
    const r = rng(SEED + 3);
    for (let i = 0; i < 100; i++) {
      const zh = mixed(r, r.pick(ZH), true);
      expect(inboundLanguage(zh, "en"), zh).toBe("zh");
      expect(inboundLanguage(zh, undefined), zh).toBe("zh");
      const en = mixed(r, r.pick(EN), false);
      expect(inboundLanguage(en, "en"), en).toBe("en");
      // A Chinese client or page writing English jargon: the hint stands.
      expect(inboundLanguage(en, "zh"), en).toBe("zh");
      const onlyTokens = Array.from({ length: 1 + r.int(3) }, () => token(r)).join(" ");
      expect(inboundLanguage(onlyTokens, "zh"), onlyTokens).toBe("zh");
      expect(inboundLanguage(onlyTokens, null), onlyTokens).toBe("en");
    }
  });
});
