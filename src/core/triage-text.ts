/**
 * Text helpers for triage: one normal form for matching (full-width letters, curly apostrophes,
 * traditional Chinese characters, stretched letters), English typos within one edit, and the
 * clause around a hit for negation ("not hacked", "没有被盗", "how to prevent being hacked").
 */

/**
 * Traditional characters that appear in support messages, mapped to their simplified forms, so
 * one zh keyword list serves both scripts (帳號被盜 matches 账号被盗). Only characters whose
 * simplified form is unambiguous are listed.
 */
const TRADITIONAL =
  "號号盜盗帳账賬账戶户轉转資资產产幣币現现錢钱證证認认碼码駭骇錄录鎖锁綁绑郵邮機机審审驗验額额單单價价倉仓" +
  "約约費费標标籤签確确設设備备異异員员騙骗詐诈釣钓魚鱼舉举報报獎奖勵励傭佣請请開开關关間间時时為为麼么沒没" +
  "這这個个說说對对還还頭头處处應应該该問问題题實实擊击險险態态訊讯線线網网頁页體体門门萬万無无過过進进達达" +
  "給给與与從从後后會会將将離离當当總总紀纪歷历據据辦办發发貨货寶宝來来讓让種种點点擇择鏈链輸输續续" +
  "換换邊边兩两億亿筆笔紙纸劃划計计結结務务優优團团隊队隨随則则聯联絡络繫系屬属權权補补複复凍冻";
const TRAD_MAP = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2)
  TRAD_MAP.set(TRADITIONAL[i] as string, TRADITIONAL[i + 1] as string);
const TRAD_RE = new RegExp(`[${[...TRAD_MAP.keys()].join("")}]`, "gu");

/** The form rules and messages are both matched in: NFKC, lower case, straight apostrophes, simplified Chinese, no stretched letters. */
export function normalizeText(text: string): string {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
      .replace(/[\u2018\u2019\u02BC`´]/g, "'")
      .replace(TRAD_RE, (c) => TRAD_MAP.get(c) ?? c)
      // "pleeeease", "hackedddd": three or more of one Latin letter count as two.
      .replace(/(\p{Script=Latin})\1{2,}/gu, "$1$1")
  );
}

/** Whether `a[i..la)` equals `b[j..lb)`, without building strings. */
function sameTail(a: string, i: number, la: number, b: string, j: number, lb: number): boolean {
  if (la - i !== lb - j) return false;
  for (; i < la; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/**
 * Whether `a` and the first `lb` characters of `b` differ by at most one insertion, deletion,
 * substitution or swap of neighbours.
 */
export function withinOneEdit(a: string, b: string, lb = b.length): boolean {
  const la = a.length;
  if (Math.abs(la - lb) > 1 || lb > b.length) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    if (sameTail(a, i + 1, la, b, i + 1, lb)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && sameTail(a, i + 2, la, b, i + 2, lb);
  }
  return la > lb ? sameTail(a, i + 1, la, b, i, lb) : sameTail(a, i, la, b, i + 1, lb);
}

/** Latin words of a text with where they start, computed once per text. */
let lastWords: { text: string; words: Array<{ word: string; at: number }> } | null = null;
export function latinWords(text: string): Array<{ word: string; at: number }> {
  if (lastWords?.text === text) return lastWords.words;
  const words = [...text.matchAll(/\p{Script=Latin}+/gu)].map((m) => ({ word: m[0], at: m.index }));
  lastWords = { text, words };
  return words;
}

/**
 * Start positions of words that are `keyword` (or start with it, as keywords match word starts)
 * but for one typo: "withdrawl", "widthdraw", "verifcation". Exact matches are not returned.
 */
export function fuzzyHits(text: string, keyword: string): number[] {
  const k = keyword;
  const n = k.length;
  const out: number[] = [];
  for (const { word, at } of latinWords(text)) {
    // A typo rarely hits both of the first two letters: a cheap filter before the edit distance.
    if (word.length < n - 1 || (word[0] !== k[0] && word[1] !== k[1]) || word.startsWith(k)) continue;
    if (withinOneEdit(k, word, n) || withinOneEdit(k, word, n - 1) || withinOneEdit(k, word, n + 1)) out.push(at);
  }
  return out;
}

/** Where a clause starts: after sentence punctuation, a comma, a line break, or "but"/"但是"/"然后". */
const CLAUSE_BREAK = /[.!?;,\n。！？；，、]|\b(?:but|however|then)\b|但是|但|可是|不过|然后|结果/giu;

/** How far back a clause may reach: bounds the work per hit on long messages. */
const CLAUSE_WINDOW = 160;

/** The text from the start of the hit's clause (at most CLAUSE_WINDOW characters back) up to the hit. */
export function clauseBefore(text: string, at: number): string {
  const head = text.slice(Math.max(0, at - CLAUSE_WINDOW), at);
  let start = 0;
  for (const m of head.matchAll(CLAUSE_BREAK)) start = m.index + m[0].length;
  return head.slice(start);
}
