// UIDs, order ids and amounts with random values in many Chinese and English sentences, and
// look-alikes (phone numbers, versions, token standards, hashes, words) that must not match.
import { describe, expect, it } from "vitest";
import { extractEntities } from "../../../src/core/entities";

const ROUNDS = 300;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const digits = (n: number) =>
  Array.from({ length: n }, (_, i) => String(Math.floor(Math.random() * (i ? 10 : 9)) + (i ? 0 : 1))).join("");
const alnum = (n: number) => Array.from({ length: n }, () => pick([..."ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"])).join("");
const between = (a: number, b: number) => a + Math.floor(Math.random() * (b - a + 1));

const UID_EN = [
  "My UID is {v}, please check.",
  "UID: {v}",
  "uid {v} can't withdraw",
  "user id={v}",
  "User ID #{v} here",
  "hi, (UID {v}) my deposit is missing",
];
const UID_ZH = [
  "我的UID是{v}，请帮忙查一下",
  "用户ID：{v}",
  "账户ID为{v}的提现卡住了",
  "用户编号 {v}",
  "UID：{v}，谢谢",
];
const ORDER_EN = [
  "order id {v} was not filled",
  "my order id is {v}",
  "Order #{v}",
  "order no. {v} is stuck",
  "my order number: {v}.",
];
const ORDER_ZH = ["订单号：{v}，一直没成交", "订单编号是{v}", "委托单号{v}被取消了", "订单ID {v}"];
const AMOUNT_EN = ["I withdrew {v} and it never arrived", "sent {v} yesterday", "deposit of {v}, still zero", "({v})"];
const AMOUNT_ZH = ["提现{v}没到账", "充值了{v}，还没到", "转了 {v} 到交易所", "一共{v}。"];
const ASSETS = ["USDT", "BTC", "ETH", "SOL", "TRX", "USDC", "BNB"];

function randomAmount(): { text: string; value: string } {
  const asset = pick(ASSETS);
  const whole = digits(between(1, 7));
  const frac = Math.random() < 0.5 ? `.${digits(between(1, 6)).replace(/^./, String(between(0, 9)))}` : "";
  const grouped = Math.random() < 0.3 ? Number(whole).toLocaleString("en-US") : whole;
  const space = pick(["", " "]);
  const shown = Math.random() < 0.2 ? asset.toLowerCase() : asset;
  return { text: `${grouped}${frac}${space}${shown}`, value: `${whole}${frac} ${asset}` };
}

const values = (text: string, kind: string) =>
  extractEntities(text)
    .filter((e) => e.kind === kind)
    .map((e) => e.value);

describe("generated UIDs, order ids and amounts", () => {
  it("finds a random UID in English and Chinese sentences", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const v = digits(between(5, 12));
      const text = pick([...UID_EN, ...UID_ZH]).replace("{v}", v);
      expect(values(text, "uid"), text).toEqual([v]);
    }
  });

  it("finds a random order id in English and Chinese sentences", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const v = `${digits(between(2, 10))}${Math.random() < 0.5 ? alnum(between(0, 12)) : ""}`.slice(0, 40);
      if (v.length < 6) continue;
      const text = pick([...ORDER_EN, ...ORDER_ZH]).replace("{v}", v);
      expect(values(text, "order_id"), text).toEqual([v]);
    }
  });

  it("finds a random amount and asset in English and Chinese sentences", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = randomAmount();
      const text = pick([...AMOUNT_EN, ...AMOUNT_ZH]).replace("{v}", a.text);
      expect(values(text, "amount"), text).toEqual([a.value]);
    }
  });

  it("an order id or UID whose letters spell a ticker is no amount (order id 3726106ADA)", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const order = `${digits(between(6, 10))}${pick(ASSETS)}`;
      const text = pick([`order id ${order} never filled`, `订单号：${order}，一直没成交`]);
      expect(
        extractEntities(text).map((e) => `${e.kind}:${e.value}`),
        text,
      ).toEqual([`order_id:${order}`]);
    }
  });

  it("finds all three in one message, in order", () => {
    for (let i = 0; i < ROUNDS / 3; i++) {
      const uid = digits(8);
      const order = `${digits(6)}${alnum(4)}`;
      const a = randomAmount();
      const text = pick([
        `UID ${uid}: order id ${order} for ${a.text} never filled`,
        `用户ID：${uid}，订单号：${order}，金额${a.text}`,
      ]);
      expect(
        extractEntities(text).map((e) => `${e.kind}:${e.value}`),
        text,
      ).toEqual([`uid:${uid}`, `order_id:${order}`, `amount:${a.value}`]);
    }
  });
});

describe("look-alikes that are not UIDs, order ids or amounts", () => {
  it("no UID without its label, with too few or too many digits, or inside a longer word", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const text = pick([
        `call me at 1${digits(10)}`,
        `UID ${digits(between(1, 4))}`,
        `UID ${digits(between(13, 20))}`,
        `GUID ${digits(8)}`,
        `UIDs ${digits(8)} and more`,
        `my fluid ${digits(8)}`,
        `我的手机号是1${digits(10)}`,
        `验证码 ${digits(6)}`,
        `用户${digits(8)}`,
      ]);
      expect(values(text, "uid"), text).toEqual([]);
    }
  });

  it("no order id without its label, without a digit, or after a longer word", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const text = pick([
        `I ordered ${digits(8)} pizzas`,
        `border id ${digits(8)}`,
        `order ${digits(8)}`,
        "order id ABCDEFGH",
        "订单号是多少？",
        `recorder no. ${digits(8)}`,
        `order id ${digits(3)}`,
      ]);
      expect(values(text, "order_id"), text).toEqual([]);
    }
  });

  it("no amount from token standards, versions, hashes, tickers alone or glued to words", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const asset = pick(ASSETS);
      const text = pick([
        `sent via TRC20 ${asset}`,
        `network ERC-20 ${asset}`,
        `the ERC 20 ${asset} one`,
        `use BEP-20 ${asset} please`,
        `which chain, BEP20 or TRC-20 ${asset}?`,
        `app v${digits(1)}.${digits(1)}.${digits(1)} ${asset}`,
        `0x${digits(20)}${asset.toLowerCase()}`,
        `${asset} price today`,
        `${digits(3)} ${asset}X`,
        `abc${digits(3)} ${asset}`,
        `我用的是TRC20 ${asset}`,
      ]);
      expect(values(text, "amount"), text).toEqual([]);
    }
  });
});
