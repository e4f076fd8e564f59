/**
 * Random messages that look like secrets but are not: TxIDs (also next to the word "key"),
 * addresses, xpubs, signatures, order numbers, UIDs, amounts, dates, UUIDs, ordinary support
 * prose in English and Chinese (with wordlist words in it), and prose about passwords and 2FA
 * ("my password is wrong"). Redaction must leave every one untouched.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { base58, bech32, bech32m, createBase58check, hex } from "@scure/base";
import { type Rng, rng } from "./secret-generator";

const b58c = createBase58check(sha256);
const cat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

function eth(r: Rng): string {
  const lower = hex.encode(r.bytes(20));
  const h = keccak_256(new TextEncoder().encode(lower));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nib = ((h[i >> 1] as number) >> (i % 2 ? 0 : 4)) & 0xf;
    const c = lower[i] as string;
    out += /[a-f]/.test(c) && nib >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

const values = {
  txid: (r: Rng) => hex.encode(r.bytes(32)),
  ethTx: (r: Rng) => `0x${hex.encode(r.bytes(32))}`,
  eth,
  btc: (r: Rng) => b58c.encode(cat([r.chance(0.5) ? 0 : 5], r.bytes(20))),
  bech32: (r: Rng) => bech32.encode("bc", [0, ...bech32.toWords(r.bytes(20))]),
  taproot: (r: Rng) => bech32m.encode("bc", [1, ...bech32m.toWords(r.bytes(32))]),
  tron: (r: Rng) => b58c.encode(cat([0x41], r.bytes(20))),
  sol: (r: Rng) => base58.encode(r.bytes(32)),
  solSig: (r: Rng) => base58.encode(r.bytes(64)),
  xpub: (r: Rng) => b58c.encode(cat([0x04, 0x88, 0xb2, 0x1e], [0], r.bytes(8), r.bytes(32), [0x02], r.bytes(32))),
  order: (r: Rng) => String(1e9 + r.int(9e9)) + String(r.int(1e6)).padStart(6, "0"),
  uid: (r: Rng) => String(10000000 + r.int(89999999)),
  amount: (r: Rng) =>
    `${(r.next() * 5000).toFixed(r.pick([0, 2, 4, 8]))} ${r.pick(["USDT", "BTC", "ETH", "TRX", "SOL"])}`,
  date: (r: Rng) =>
    `2025-${String(1 + r.int(12)).padStart(2, "0")}-${String(1 + r.int(28)).padStart(2, "0")} ${String(r.int(24)).padStart(2, "0")}:${String(r.int(60)).padStart(2, "0")}:${String(r.int(60)).padStart(2, "0")}`,
  zhDate: (r: Rng) => `${2024 + r.int(2)}年${1 + r.int(12)}月${1 + r.int(28)}日${r.int(24)}点${r.int(60)}分`,
  uuid: (r: Rng) => {
    const h = hex.encode(r.bytes(16));
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  },
};

type V = typeof values;
const TEMPLATES: Array<(v: V, r: Rng) => string> = [
  (v, r) => `TxID: ${v.txid(r)}`,
  (v, r) => `my withdrawal tx hash ${v.ethTx(r)} is still pending`,
  (v, r) => `提现的交易哈希是 ${v.txid(r)}，一直没到账`,
  (v, r) => `The key thing: my txid ${v.txid(r)} has 0 confirmations`,
  (v, r) => `TxID ${v.txid(r)} - key question is why it is unconfirmed`,
  (v, r) => `Here is the key transaction hash: ${v.ethTx(r)}`,
  (v, r) => `交易哈希 ${v.txid(r)}，私钥没有泄露`,
  (v, r) => `deposit address ${v.btc(r)}`,
  (v, r) => `my BTC address is ${v.bech32(r)} and the key is safe`,
  (v, r) => `taproot ${v.taproot(r)} never got the coins`,
  (v, r) => `ETH address ${v.eth(r)}, deposit missing`,
  (v, r) => `key: ${v.eth(r)} (that's my public address)`,
  (v, r) => `USDT-TRC20 充值地址 ${v.tron(r)}`,
  (v, r) => `sol wallet ${v.sol(r)}`,
  (v, r) => `solana signature ${v.solSig(r)} shows confirmed`,
  (v, r) => `watch-only xpub: ${v.xpub(r)}`,
  (v, r) => `Order number: ${v.order(r)}, amount ${v.amount(r)}`,
  (v, r) => `订单号 ${v.order(r)} 一直显示处理中`,
  (v, r) => `My UID is ${v.uid(r)} and my order id is ${v.order(r)}`,
  (v, r) => `UID ${v.uid(r)}，提现 ${v.amount(r)} 到现在还没到`,
  (v, r) => `Withdrawal of ${v.amount(r)} pending since ${v.date(r)}`,
  (v, r) => `我在${v.zhDate(r)}充值了${v.amount(r)}，到现在还没有到账，请帮忙查一下`,
  (v, r) => `request id ${v.uuid(r)}, case ${v.uuid(r)}`,
  (v, r) => `Transfers ${v.txid(r)} and ${v.txid(r)} both failed`,
  (v, r) => `My verification code for KYC case is ${v.uid(r)}, status rejected`,
  (_v, r) => `call me at +1 ${r.int(900) + 100} ${r.int(900) + 100} ${r.int(9000) + 1000}`,
];

const PROSE_EN = [
  "I forgot my password, can you reset it?",
  "my password is wrong and I can't log in",
  "My password is not working since yesterday",
  "The password reset email never arrives",
  "Password reset link expired, please send a new one",
  "I changed my password and now the app logs me out",
  "2FA code not working after I changed phone",
  "I lost my authenticator app, how do I reset 2FA?",
  "Where do I find my API key settings?",
  "I never shared my seed phrase with anyone, is my wallet safe?",
  "Someone on Telegram asked for my private key, is that you?",
  "Please help, my account was frozen after I changed my phone number",
  "I want to withdraw bitcoin but the page shows an error about the network fee",
  "Can you explain the trading fee for spot and futures?",
  "The market price dropped and my order was filled at a loss, why?",
  "What is the daily withdrawal limit after level two verification?",
  "Your key point about fees makes sense, thank you",
  "Ledger firmware update asked me to confirm twelve words on the device screen only",
  "Where should I store my recovery phrase? Paper or a steel plate?",
  "The seed phrase backup screen was blank, is that a bug?",
  "my password is too short according to the form",
];
const PROSE_ZH = [
  "我的密码忘了，怎么重置？",
  "密码错误次数太多，账户被锁了",
  "验证码收不到，怎么办",
  "谷歌验证器丢了怎么解绑",
  "API密钥创建失败",
  "客服会问我的助记词吗？",
  "我的充值还没有到账，请帮忙查一下",
  "为什么我的身份认证被拒绝了？",
  "提现一直在审核中，已经两天了",
  "合约爆仓了，我觉得价格不对",
  "请问空投活动什么时候发放奖励",
  "有人冒充客服让我转账，我被骗了",
  "助记词我一直自己保管，从来没有给过别人，为什么资产会被转走",
  "我的密码是不是被别人改了？登录不上",
  "私钥和助记词有什么区别？我应该备份哪一个",
];

/** Wordlist words are everyday English: a sentence of them is still a sentence. */
const EN_WORDS = [
  "please",
  "help",
  "account",
  "money",
  "order",
  "market",
  "price",
  "fee",
  "network",
  "wallet",
  "deposit",
  "time",
  "today",
  "yesterday",
  "still",
  "because",
  "after",
  "before",
  "again",
  "never",
  "always",
  "stuck",
  "transfer",
  "balance",
  "support",
  "ticket",
  "answer",
  "phone",
  "email",
  "change",
  "open",
  "close",
  "level",
  "limit",
  "where",
];

export function lookalikeCases(seed: number, n: number): Array<{ layout: string; text: string }> {
  const r = rng(seed ^ 0x5eed);
  const out: Array<{ layout: string; text: string }> = [];
  while (out.length < n) {
    const roll = r.int(10);
    if (roll < 5) {
      const t = r.int(TEMPLATES.length);
      out.push({ layout: `template ${t}`, text: (TEMPLATES[t] as (v: V, r: Rng) => string)(values, r) });
    } else if (roll < 7) {
      out.push({ layout: "prose en", text: r.pick(PROSE_EN) });
    } else if (roll < 9) {
      out.push({ layout: "prose zh", text: r.pick(PROSE_ZH) });
    } else {
      // A few everyday words in a row (fewer than a phrase ever has without a label).
      const words = Array.from({ length: 3 + r.int(5) }, () => r.pick(EN_WORDS));
      out.push({ layout: "wordlist prose", text: `Hi, ${words.join(" ")}, thanks` });
    }
  }
  return out;
}
