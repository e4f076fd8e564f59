/**
 * What Chinese-speaking customers paste: labelled passwords, PINs, 2FA codes, API secrets and
 * keys after Chinese labels (full-width or half-width colons, brackets 【】「」, 是/为, next line,
 * value before the label), full-width digits and letters, phrases in traditional or simplified
 * characters numbered (1.词 / 一、词), split by ，、, mixed with pinyin or English, in JSON or a
 * table; and the look-alikes (TxIDs, addresses, order numbers in Chinese support prose) that
 * must stay. Random values every run (the test prints the seed).
 */

import { hex } from "@scure/base";
import { type Lang, mnemonic, type Rng, type SecretCase } from "./secret-generator";

export const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, "\u3000");
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

export function password(r: Rng): string {
  const n = 8 + r.int(9);
  let p = "";
  for (let i = 0; i < n; i++) p += r.chance(0.12) ? r.pick([..."!@#$%^&*_-+=?"]) : r.pick([...ALNUM]);
  if (!/\d/.test(p)) p += r.int(10);
  return /[A-Z]/.test(p) || /[^A-Za-z0-9]/.test(p) ? p : `${p}K`;
}
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(10)).join("");
const code6 = (r: Rng) => `${1 + r.int(9)}${digits(r, 5)}`;
const apiSecret = (r: Rng) => Array.from({ length: 32 + r.int(20) }, () => r.pick([...ALNUM])).join("") + r.int(10);

type Value = { kind: SecretCase["kind"]; label: string; value: (r: Rng) => string };
/** Chinese labels and the value each names. */
export const ZH_LABELS: Value[] = [
  { kind: "password", label: "密码", value: password },
  { kind: "password", label: "登录密码", value: password },
  { kind: "password", label: "资金密码", value: password },
  { kind: "password", label: "交易密码", value: password },
  { kind: "password", label: "登錄密碼", value: password },
  { kind: "password", label: "資金密碼", value: password },
  { kind: "password", label: "口令", value: password },
  { kind: "password", label: "PIN码", value: (r) => digits(r, r.pick([6, 6, 4, 8])) },
  { kind: "password", label: "资金密码", value: (r) => digits(r, 6) },
  { kind: "password", label: "交易密码", value: (r) => digits(r, 6) },
  { kind: "2fa_code", label: "谷歌验证码", value: code6 },
  { kind: "2fa_code", label: "谷歌驗證碼", value: code6 },
  { kind: "2fa_code", label: "2FA验证码", value: code6 },
  {
    kind: "2fa_code",
    label: "谷歌验证码",
    value: (r) => Array.from(code6(r), (d) => "零一二三四五六七八九"[Number(d)]).join(""),
  },
  { kind: "api_secret", label: "API密钥", value: apiSecret },
  { kind: "api_secret", label: "密钥", value: apiSecret },
  { kind: "private_key", label: "私钥", value: (r) => hex.encode(r.bytes(32)) },
  { kind: "private_key", label: "私鑰", value: (r) => `0x${hex.encode(r.bytes(32))}` },
];

/** How a label and its value stand together. */
export const ZH_FRAMES: Record<string, (label: string, v: string, r: Rng) => string> = {
  "full colon": (l, v) => `${l}：${v}`,
  "half colon": (l, v) => `${l}:${v}`,
  "colon space": (l, v) => `${l}: ${v}`,
  "my … 是": (l, v) => `你好，我的${l}是${v}，请帮我看一下`,
  "my … 为": (l, v) => `我的${l}为${v}`,
  "是：": (l, v) => `${l}是：${v}`,
  "next line": (l, v) => `${l}\n${v}`,
  "next line colon": (l, v) => `${l}：\n${v}\n谢谢`,
  "【】": (l, v) => `【${l}】${v}`,
  "【】colon": (l, v) => `【${l}】：${v}`,
  "「」value": (l, v) => `${l}「${v}」`,
  "（）": (l, v) => `账号bob（${l}：${v}）`,
  "value then 这是我的": (l, v) => `${v}这是我的${l}`,
  "value then ，这是我的": (l, v) => `${v}，这是我的${l}`,
  "value then 是我的": (l, v) => `${v} 是我的${l}`,
  "full-width value": (l, v) => `${l}：${fullWidth(v)}`,
  "full-width all": (l, v) => fullWidth(`${l}: ${v}`),
  "after sentence": (l, v) => `客服你好，我登录不了账户。${l}：${v}。麻烦尽快处理`,
  "list line": (l, v) => `账号：bob@example.com\n${l}：${v}\n手机：13800138000`,
  spaced: (l, v) => `${l} ${v}`,
  "如下：": (l, v) => `${l}如下：\n${v}`,
  "为：": (l, v) => `我的${l}为：${v}`,
  "in 【】": (l, v) => `${l}【${v}】`,
  "full-width space": (l, v) => `${l}\u3000${v}`,
  "two on a line": (l, v) => `账号：bob@example.com\u3000${l}：${v}\u3000手机：13800138000`,
  "after 账号 same line": (l, v) => `账号 bob ${l} ${v}`,
  parenthetical: (l, v) => `${l}（我刚改的）：${v}`,
  "quoted “”": (l, v) => `${l}是“${v}”`,
};

/** One labelled secret in a random frame. */
export function zhLabelledCase(r: Rng): SecretCase {
  const v = r.pick(ZH_LABELS);
  const frame = r.pick(Object.keys(ZH_FRAMES));
  let value: string;
  let shown: string;
  let text: string;
  // (Not a value the frame's own text holds: "PIN码：8001" beside "手机：13800138000" would read as left in it.)
  do {
    value = v.value(r);
    // A 2FA code is often written in two groups.
    shown = v.kind === "2fa_code" && r.chance(0.3) ? `${value.slice(0, 3)} ${value.slice(3)}` : value;
    text = (ZH_FRAMES[frame] as (l: string, v: string, r: Rng) => string)(v.label, shown, r);
  } while (text.replace(shown, "").includes(value));
  const core = value.replace(/^0x/, "");
  return { layout: `label ${v.label} ${frame}`, kind: v.kind, text, fragments: [core] };
}

const ZH_NUMERALS = "一二三四五六七八九十";
const zhNumber = (i: number) =>
  i <= 10 ? (ZH_NUMERALS[i - 1] as string) : i < 20 ? `十${ZH_NUMERALS[i - 11]}` : `二十${ZH_NUMERALS[i - 21] ?? ""}`;
const PINYIN = ["de", "yi", "shi", "zai", "bu", "le", "you", "he", "ren", "zhe", "zhong", "da", "wei", "shang"];

/** How a Chinese phrase is laid out. */
export const ZH_PHRASE_LAYOUTS: Record<string, (w: string[], r: Rng) => string> = {
  "1.词": (w) => w.map((c, i) => `${i + 1}.${c}`).join(" "),
  "1.词 lines": (w) => w.map((c, i) => `${i + 1}. ${c}`).join("\n"),
  "一、词": (w) => w.map((c, i) => `${zhNumber(i + 1)}、${c}`).join(" "),
  "一、词 lines": (w) => w.map((c, i) => `${zhNumber(i + 1)}、${c}`).join("\n"),
  第1个: (w) => w.map((c, i) => `第${i + 1}个：${c}`).join("，"),
  "，": (w) => w.join("，"),
  "、": (w) => w.join("、"),
  "full-width space": (w) => w.join("\u3000"),
  "full-width numbers": (w) => w.map((c, i) => `${fullWidth(String(i + 1))}．${c}`).join(" "),
  "pinyin after": (w, r) => w.map((c) => `${c}(${r.pick(PINYIN)})`).join(" "),
  "english between": (w, r) => w.map((c, i) => `word${i + 1}: ${c}`).join(r.pick([" ", "\n", ", "])),
  json: (w) => JSON.stringify({ 助记词: w.join(" ") }),
  "json glued": (w) => JSON.stringify({ mnemonic: w.join("") }),
  "json array": (w) => JSON.stringify(w),
  table: (w) => `| 序号 | 词 |\n| --- | --- |\n${w.map((c, i) => `| ${i + 1} | ${c} |`).join("\n")}`,
  "table row": (w) => `| ${w.join(" | ")} |`,
  "【助记词】": (w) => `【助记词】${w.join(" ")}`,
  "「」": (w) => `助記詞「${w.join("")}」`,
  "是 glued": (w) => `我的助记词是${w.join("")}`,
  "before label": (w) => `${w.join(" ")}这是我的助记词`,
  "label next line": (w) => `助记词：\n${w.join(" ")}\n请帮我看看`,
  "two lines": (w) => `${w.slice(0, 6).join(" ")}\n${w.slice(6).join(" ")}`,
  "groups of 4 by ，": (w) => (w.join("").match(/.{1,4}/gu) ?? []).join("，"),
  "(1)词": (w) => w.map((c, i) => `(${i + 1})${c}`).join(" "),
  "词1：": (w) => w.map((c, i) => `词${i + 1}：${c}`).join(" "),
  第一个: (w) => w.map((c, i) => `第${zhNumber(i + 1)}个${c}`).join("，"),
  "english and": (w) => `my words are ${w.join(" and ")}`,
  "english lead glued": (w) => `here is my seed phrase ${w.join("")} please check`,
  "pinyin glued": (w, r) => w.map((c) => `${c}${r.pick(PINYIN)}`).join(" "),
  "json numbered": (w) => JSON.stringify(Object.fromEntries(w.map((c, i) => [String(i + 1), c]))),
  "助記詞 traditional label": (w) => `助記詞：${w.join("")}`,
  "label after glued": (w) => `${w.join("")}\n以上是我的助记词，请帮我看看`,
  "quoted “”": (w) => `助记词是“${w.join(" ")}”`,
};

/** A phrase (simplified or traditional) in a random layout. */
export function zhPhraseCase(r: Rng, lang: Lang = r.pick(["zh-Hans", "zh-Hant"] as const)): SecretCase {
  const words = mnemonic(r, lang);
  const layout = r.pick(Object.keys(ZH_PHRASE_LAYOUTS));
  const text = (ZH_PHRASE_LAYOUTS[layout] as (w: string[], r: Rng) => string)(words, r);
  return { layout: `phrase ${lang} ${words.length} ${layout}`, kind: "seed_phrase", text, fragments: words };
}

const b58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const b58s = (r: Rng, n: number) => Array.from({ length: n }, () => r.pick([...b58])).join("");

/** Chinese support prose with TxIDs, addresses, order numbers, UIDs, amounts and dates: all stay. */
export const ZH_LOOKALIKES: Array<(r: Rng) => string> = [
  (r) => `你好，我的提现一直没到账，TxID：${hex.encode(r.bytes(32))}，请帮忙查一下`,
  (r) => `交易哈希是0x${hex.encode(r.bytes(32))}，区块浏览器上已经确认了`,
  (r) => `充值地址：0x${hex.encode(r.bytes(20))}\n金额：${r.int(5000)} USDT`,
  (r) => `我转到了这个地址 T${b58s(r, 33)} 但是没有到账`,
  (r) => `订单号：${digits(r, 18)}，商家一直不放币`,
  (r) => `订单编号 ${digits(r, 19)} 已经付款了，请尽快处理`,
  (r) => `我的UID是${digits(r, 8)}，实名认证一直不通过`,
  (r) => `UID：${digits(r, 9)}\n问题：提现审核中超过24小时`,
  (r) => `提币记录里的交易ID：${hex.encode(r.bytes(32))}，显示已完成但钱包没收到`,
  (r) => `${r.int(28) + 1}号下午${r.int(12)}点转了${r.int(900) + 100}个USDT，哈希${hex.encode(r.bytes(32))}`,
  (r) => `我的手机号是138${digits(r, 8)}，收不到验证码`,
  (r) => `验证码收不到，试了${r.int(9) + 2}次了，是不是系统问题`,
  () => `我忘记了资金密码，怎么重置？`,
  () => `谷歌验证码一直提示错误，我已经同步了时间`,
  () => `助记词我已经抄在纸上了，请问还需要备份私钥吗`,
  () => `我的密码是不是被别人改了？登录不上去`,
  (r) => `【订单号】${digits(r, 16)}【金额】${r.int(10000)}元`,
  (r) =>
    `比特币地址：bc1q${Array.from({ length: 38 }, () => r.pick([..."023456789acdefghjklmnpqrstuvwxyz"])).join("")}`,
  (r) => `交易所返回的错误码是${digits(r, 5)}，提示“系统繁忙，请稍后再试”`,
  (r) => `提现金额：${r.int(9000) + 100}.${digits(r, 2)} USDT，手续费：1 USDT，网络：TRC20`,
  (r) => `我的交易密码输错了${r.int(4) + 2}次，账户被锁了多久能解开？`,
  (r) => `公钥：04${hex.encode(r.bytes(32))}`,
  (r) => `工单号 #${digits(r, 6)}，上次的客服说三个工作日内回复`,
  (r) => `私钥从来没泄露过，转账记录 ${hex.encode(r.bytes(32))}`,
  (r) => `私钥还在我手里，可是转帐记录里有一笔 0x${hex.encode(r.bytes(32))} 不是我转的`,
  (r) => `我的UID是${digits(r, 8)}，这是我的资金密码错误提示`,
  (r) => `手机号138${digits(r, 8)}，这是我的登录密码找回页面截图`,
];

export function zhLookalike(r: Rng): { layout: string; text: string } {
  const i = r.int(ZH_LOOKALIKES.length);
  return { layout: `lookalike ${i}`, text: (ZH_LOOKALIKES[i] as (r: Rng) => string)(r) };
}

/** What a customer writes right before a phrase glued into their sentence (no label). */
export const GLUED_BEFORE = [
  "你好我的钱包是",
  "客服你好这是我钱包里的",
  "帮我看看",
  "我记下来的是",
  "钱包里写的",
  "您好我之前备份的是",
  "我的是",
  "你看一下",
  "那几个字是",
  "我抄在本子上的",
  "你好",
  "请问",
  "我发给你",
  "就是这个",
  "導出來的是",
  "我的錢包是",
  "好的我发给你",
  "昨天导出来",
  "那个钱包",
  "钱包里面是",
  "之前的",
];
/** …and right after it. */
export const GLUED_AFTER = [
  "请帮我看看",
  "对吗",
  "是不是被盗了",
  "然后钱就没了",
  "帮我查一下",
  "谢谢",
  "能找回吗",
  "请帮我恢复",
  "可以吗",
  "你们看看",
  "怎么办",
  "我该怎么办",
  "这样对不对",
  "麻煩幫我看看",
  "吗",
  "了",
  "的",
  "呢",
  "然后资产就没了",
  "还能用吗",
];

/** A phrase glued into a Chinese sentence on both sides, no label ("你好我的钱包是…请帮我看看"). */
export function gluedPhraseCase(r: Rng): SecretCase {
  const lang = r.pick(["zh-Hans", "zh-Hans", "zh-Hant"] as const);
  const words = mnemonic(r, lang);
  const before = r.pick(GLUED_BEFORE);
  const after = r.pick(GLUED_AFTER);
  return {
    layout: `glued ${lang} ${words.length} ${before}|…|${after}`,
    kind: "seed_phrase",
    text: `${before}${words.join("")}${after}`,
    fragments: words,
  };
}
