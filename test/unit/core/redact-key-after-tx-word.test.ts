/**
 * A 64-hex key with its name right after it ("… 0x<hex> private key", "… <hex> 私鑰") in a sentence that
 * earlier names a transaction, a signature or an address ("API签名一直验证失败\n0x… 私鑰": redact-zh-value-order,
 * REDACT_SEED=2099826481). The earlier word claimed the key as a TxID; the key's own name wins now. A
 * transaction word naming the value ("TxID: <hex>", "交易哈希 <hex>，私钥没有泄露") still keeps it.
 * Fresh values every run; REDACT_SEED=<seed> replays one.
 */
import { hex } from "@scure/base";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-key-after-tx-word seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const SENTENCES = [
  "API signature keeps failing",
  "the transaction failed twice",
  "my deposit address is fine but",
  "block explorer shows nothing",
  "API签名一直验证失败，按文档做的",
  "交易一直失败",
  "区块浏览器上查不到",
  "地址是对的，但是",
];
const NAMES = [" private key", " is my private key", " (private key)", " 私钥", " 私鑰", "，我的私钥", " secret key"];

describe(`a key named right after it, in a sentence about a transaction (seed ${SEED})`, () => {
  const r = rng(SEED);
  it("is redacted", () => {
    const missed: string[] = [];
    for (let i = 0; i < 300; i++) {
      const key = hex.encode(r.bytes(32));
      const text = `${r.pick(SENTENCES)}${r.pick(["\n", " ", ": ", "，"])}${r.chance(0.5) ? "0x" : ""}${key}${r.pick(NAMES)}${r.pick(["", ", please check", "，帮我看看", "."])}`;
      if (redactSecrets(text).text.includes(key.slice(0, 16))) missed.push(text);
    }
    expect(missed.slice(0, 10), `${missed.length} of 300`).toEqual([]);
  });

  it("a transaction word naming the value keeps it, a key's name after it or not", () => {
    const touched: string[] = [];
    for (let i = 0; i < 300; i++) {
      const tx = hex.encode(r.bytes(32));
      const text = r.pick([
        `TxID: ${tx}, private key never shared`,
        `交易哈希 ${tx}，私钥没有泄露`,
        `tx hash ${r.chance(0.5) ? "0x" : ""}${tx} - my private key is safe`,
        `Transaction ID ${tx} (private key not leaked)`,
      ]);
      if (redactSecrets(text).kinds.length) touched.push(text);
    }
    expect(touched.slice(0, 10), `${touched.length} of 300`).toEqual([]);
  });
});
