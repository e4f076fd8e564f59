/**
 * Unspaced Chinese phrases (characters glued together, no seed label needed) in varied frames,
 * and Chinese look-alikes that must stay untouched: support prose about deposits, KYC and
 * withdrawals, and random sentences of common characters (most of them wordlist characters).
 */

import { mnemonicToEntropy } from "@scure/bip39";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { mnemonic, type Rng, rng, type SecretCase } from "./secret-generator";

const LEAD_INS = [
  "my wallet words:\n",
  "my wallet words: ",
  "here you go ",
  "Words from the app:\n\n",
  "这是我钱包里的字：",
  "帮我看看这个",
  "请问这个对吗\n",
  "",
  "",
  "Hi support,\n",
  "钱包备份 -> ",
];
const TAILS = ["", "", "\nthanks", "，谢谢", "请帮我看看是不是被盗了", " ok?", "。", "\n\n请尽快处理"];
const PUNCT = ["，", "、", "。", "；", "！", "　", "｜"];
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔";
/** Characters in neither wordlist (a typo). */
const NOT_WORDS = "账峰狗猫咖啡馆厦嗯哦啊呢吧娃";

function body(r: Rng, words: string[]): { text: string; how: string } {
  switch (r.int(6)) {
    case 0:
    case 1:
      return { text: words.join(""), how: "glued" };
    case 2: {
      // Split over lines at random places.
      let out = "";
      words.forEach((w, i) => {
        out += (i > 0 && r.chance(0.2) ? r.pick(["\n", "\r\n", "\n\n", " \n"]) : "") + w;
      });
      return { text: out, how: "lines" };
    }
    case 3: {
      const size = r.pick([3, 4, 6]);
      const p = r.pick(PUNCT);
      return { text: words.map((w, i) => (i > 0 && i % size === 0 ? p : "") + w).join(""), how: `groups${size}` };
    }
    case 4:
      return {
        text: words.map((w, i) => `${i + 1}${r.pick([".", "、", ". ", ")"])}${w}`).join(r.pick(["", " "])),
        how: "numbered",
      };
    default:
      return { text: words.map((w, i) => `${CIRCLED[i]}${w}`).join(""), how: "circled" };
  }
}

/** `n` unspaced phrases (simplified and traditional), some damaged, in frames with or without a lead-in. */
export function unspacedCases(seed: number, n: number): SecretCase[] {
  const r = rng(seed);
  const out: SecretCase[] = [];
  while (out.length < n) {
    const lang = r.pick(["zh-Hans", "zh-Hans", "zh-Hant"] as const);
    const words = mnemonic(r, lang);
    const damage = r.pick(["none", "none", "none", "drop", "typo"]);
    if (damage === "drop") words.splice(r.int(words.length), 1);
    if (damage === "typo") words[r.int(words.length)] = r.pick([...NOT_WORDS]);
    const b = body(r, words);
    const inside = damage === "none" && r.chance(0.3);
    // A damaged phrase has no checksum: it needs an end the text marks, so no glued prose around it.
    const lead = damage === "none" ? r.pick(LEAD_INS) : r.pick(LEAD_INS.filter((l) => !/\p{Script=Han}$/u.test(l)));
    const tail = damage === "none" ? r.pick(TAILS) : r.pick(TAILS.filter((t) => !/^\p{Script=Han}/u.test(t)));
    const text = inside
      ? `${r.pick(["我昨天把钱包导出来了", "好的我发给你", "", "you asked for it "])}${b.text}${r.pick(["然后资产就没了", "对吗", " thx", ""])}`
      : `${lead}${b.text}${tail}`;
    out.push({
      layout: `${lang} ${words.length} ${damage} ${b.how}${inside ? " inside" : ""}`,
      kind: "seed_phrase",
      text,
      fragments: words.filter((w) => !NOT_WORDS.includes(w)),
    });
  }
  return out;
}

const PROSE = [
  "我的充值还没有到账，请帮忙查一下",
  "为什么我的身份认证被拒绝了？",
  "提现一直在审核中，已经两天了",
  "我昨天从别的交易所转了一笔币过来，区块浏览器上显示已经确认了，但是你们平台一直没有到账",
  "客服也不回复，我很着急，这是我全部的积蓄",
  "实名认证上传了三次身份证照片都说不清楚，我换了手机拍还是不行，到底要怎样才能通过",
  "你们的提币手续费太高了，而且每次都要等好几个小时，别的平台几分钟就到了",
  "我的账户突然被冻结了，没有任何通知，我要求马上解冻并给我一个合理的解释",
  "请问人脸识别失败怎么办，我已经试了很多次了，光线也很好",
  "充错链了怎么找回，我把币充到了另一条网络上面",
  "我在银行卡付款后商家一直不放币，申诉也没有人处理",
  "护照过期了还能用来做高级认证吗",
  "地址簿里的白名单地址删不掉，提示系统繁忙",
  "昨天晚上十点左右我提了五千个到冷钱包，到现在都没有看到记录",
  "请尽快给我回复，否则我会去投诉你们",
  "我的手机号换了，收不到短信验证码，没办法登录",
  "我想注销账户，把里面剩下的钱全部取出来",
  "这个活动的奖励什么时候发，规则里写的是七个工作日",
  "我按照提示做了所有步骤，还是显示风控中，麻烦人工帮我看一下",
  "我的钱包里少了一半的币，我没有做过任何交易",
  "他们说是官方客服，让我下载一个软件，我现在很害怕",
  "法币交易的对方已经确认收款了，可是订单还在进行中",
  "請問我的提現為什麼一直在處理中，已經過了三天了",
  "我的實名認證一直沒有通過，客服也不回覆",
  "充值的幣還沒到帳，區塊上已經確認了很多次",
  "我把地址复制错了一位，钱还能追回来吗",
  "你们的网站今天打不开，是不是在维护",
  "我的朋友推荐我来注册，说有新手福利，可是我没收到",
  "因为工作原因我很久没有登录了，现在忘了密码也忘了邮箱",
  "请帮我把这笔存款退回原来的账户",
];

/** A random sentence of common characters: the first few hundred of the wordlist, or prose's own characters shuffled. */
function commonSentence(r: Rng): { layout: string; text: string } {
  const len = 12 + r.int(40);
  if (r.chance(0.5)) {
    const top = r.pick([100, 200, 300, 500]);
    return { layout: `common top${top}`, text: Array.from({ length: len }, () => simplified[r.int(top)]).join("") };
  }
  const prose = [...PROSE.join("").replace(/[，？。、]/g, "")];
  return { layout: "prose shuffled", text: Array.from({ length: len }, () => prose[r.int(prose.length)]).join("") };
}

/** `n` Chinese look-alikes: prose (alone, joined, unpunctuated, after an English lead-in) and random common-character sentences. */
export function chineseLookalikes(seed: number, n: number): Array<{ layout: string; text: string }> {
  const r = rng(seed);
  const out: Array<{ layout: string; text: string }> = [];
  while (out.length < n) {
    switch (r.int(5)) {
      case 0:
        out.push({ layout: "prose", text: r.pick(PROSE) });
        break;
      case 1: {
        const k = 2 + r.int(4);
        const parts = Array.from({ length: k }, () => r.pick(PROSE));
        out.push({ layout: "prose joined", text: parts.join(r.pick(["", "。", "\n", "，"])) });
        break;
      }
      case 2:
        out.push({ layout: "prose unpunctuated", text: r.pick(PROSE).replace(/[，？。、]/g, "") });
        break;
      case 3:
        out.push({
          layout: "lead-in prose",
          text: `${r.pick(LEAD_INS.filter((l) => !l.includes("钱包备份")))}${r.pick(PROSE)}${r.pick(TAILS)}`,
        });
        break;
      default:
        out.push(commonSentence(r));
    }
  }
  return out;
}

/** Whether any checksum-length window of `chars` is a valid phrase. */
function anyValidWindow(chars: string[]): boolean {
  for (let i = 0; i < chars.length; i++)
    for (const n of [12, 15, 18, 21, 24]) {
      if (i + n > chars.length) break;
      try {
        mnemonicToEntropy(chars.slice(i, i + n).join(" "), simplified);
        return true;
      } catch {
        // not a phrase
      }
    }
  return false;
}

/**
 * Random wordlist characters that fail every checksum (none of their windows is a phrase),
 * glued into a sentence without a label: a sentence cut at a random place, or before / after
 * one ("客服说雄谐不献睛麻企款绕暴难徙然后就没有下文了"). Windows half in the sentence pass
 * the checksum one time in 16; the characters are no phrase and stay.
 */
export function gluedLookalikes(seed: number, n: number): Array<{ layout: string; text: string }> {
  const r = rng(seed);
  const out: Array<{ layout: string; text: string }> = [];
  while (out.length < n) {
    const len = r.pick([12, 12, 12, 13, 15, 18, 24]);
    let chars: string[];
    do chars = Array.from({ length: len }, () => simplified[r.int(simplified.length)] as string);
    while (anyValidWindow(chars));
    const sentence = r.pick(PROSE).replace(/[，？。、]/g, "");
    const cut = r.pick([0, sentence.length, 1 + r.int(sentence.length - 1)]);
    const text = `${sentence.slice(0, cut)}${chars.join("")}${sentence.slice(cut)}`;
    out.push({ layout: `glued ${len} at ${cut}/${sentence.length}`, text });
  }
  return out;
}
