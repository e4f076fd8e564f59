/**
 * Chinese seed phrases (simplified and traditional wordlists: one character per word).
 * - Spaced: single wordlist characters with any non-letters between them. A checksum-valid
 *   window is a phrase anywhere; without a checksum, 11 or more (8 with a seed label near).
 * - Grouped ("的一是 在不了 ..."): characters in equal groups, checksum-valid.
 * - Unspaced: Chinese prose is made of the same common characters, so only next to a seed label
 *   (助记词/seed/...): checksum windows that start or end where the label (and a connector like
 *   是/为/如下) does, or where the run of characters does; a window bounded on both sides is a
 *   phrase without a checksum too (11 of 12, a typo) when it reads like no prose (no common
 *   two-character word in it).
 */

import type { Budget, SecretSpan } from "./spans";
import type { Hits, Token } from "./tokens";
import { isZhWord, MNEMONIC_LENGTHS, validChinese } from "./wordlists";

const LABEL_REACH = 60;

/** Common two-character words of support prose: a random phrase holds one with odds of about 1 in 1,000. */
const COMMON_WORDS =
  "我们 你们 他们 什么 没有 不是 可以 怎么 为什么 自己 时候 已经 因为 所以 但是 如果 这个 那个 一下 帮我 请问 谢谢 " +
  "账户 账号 钱包 提现 充值 客服 问题 知道 现在 还是 就是 然后 一个 这样 一直 还没 到账 处理 看看 一样 还有 今天 " +
  "昨天 明天 时间 小时 分钟 需要 希望 告诉 应该 可能 不能 不会 不要 我的 你的 他的 的话 一些 很多 非常 真的 或者 " +
  "而且 虽然 只是 只有 觉得 认为 发现 出现 显示 失败 成功 登录 登陆 密码 验证 认证 身份 资金 资产 交易 订单 转账 " +
  "地址 网络 手续 费用 余额 数量 价格 市场 合约 现货 平台 系统 官方 活动 奖励 锁定 冻结 解冻 绑定 手机 邮箱 短信 " +
  "收到 发送 回复 联系 审核 等待 请求 申请 取消 确认 完成 开始 结束 原因 情况 结果 办法 方法 帮助 支持 服务 使用 " +
  "操作 设置 修改 更新 下载 安装 打开 关闭 点击 页面 错误 正常 异常 马上 立即 尽快 麻烦 帮忙 这是 正在 之前 之后 " +
  "以后 以前 刚才 最后 所有 全部 其他 另外 别人 朋友 每天 一次 被盗 骗子 冒充 转出 到了 没了 不了 好的 可是 不过 " +
  "这么 那么 多少 几个 哪里 这里 为了 关于 对于 通过 根据 东西 事情 工作 我要 我想 想要 是不 有没 助记 私钥 恢复 " +
  "导入 备份 保存 丢失 忘记 找回 被骗 请帮 你好 您好 老师 是我 我是 在线 不到 不上 不了 了吗 了吧 的时 一点 有人 " +
  "我們 你們 他們 沒有 為什 什麼 帳戶 賬戶 賬號 錢包 提現 問題 現在 還是 這個 那個 幫我 請問 謝謝 處理 時候 已經 " +
  "因為 怎麼 應該 發現 顯示 登錄 密碼 驗證 認證 資金 資產 訂單 轉賬 網絡 餘額 價格 幫忙 麻煩 這是 還在 詐騙 聯繫 " +
  "審核 確認 開始 結束 設置 錯誤 異常 一直 沒到 到賬 記詞 私鑰 恢復 導入 備份 忘記 找回 被騙 請幫 您好 客服";
const BIGRAMS = new Set(COMMON_WORDS.split(" ").filter((w) => w.length === 2));

function readsLikeProse(chars: readonly string[]): boolean {
  // A random phrase of 12 or more holds one such word now and then ("…视只有旋…"); prose holds several.
  const allowed = chars.length >= 12 ? 1 : 0;
  let found = 0;
  for (let i = 0; i + 1 < chars.length; i++)
    if (BIGRAMS.has(`${chars[i]}${chars[i + 1]}`) && ++found > allowed) return true;
  return false;
}

/** Connectors between a label and the phrase: 助记词是…, 助记词如下…, …是我的助记词. */
const CONNECTORS = new Set([..."是为為如下就这這我的：:"]);

interface HanRun {
  tokens: Token[];
}

/** Checksum-valid windows over chars, greedy from the left, longest first. */
function windowsOver(chars: readonly string[], budget: Budget): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 12 <= chars.length && budget.windows > 0; ) {
    const len = MNEMONIC_LENGTHS.find(
      (n) => i + n <= chars.length && budget.windows-- > 0 && validChinese(chars.slice(i, i + n)),
    );
    if (len) {
      out.push([i, i + len]);
      i += len;
    } else i++;
  }
  return out;
}

export function chineseSeedSpans(
  tokens: readonly Token[],
  text: string,
  softBreak: Uint8Array,
  labels: Hits,
  budget: Budget,
): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const push = (first: Token, last: Token) => spans.push({ start: first.start, end: last.end, kind: "seed_phrase" });
  const labelledAround = (start: number, end: number) =>
    labels.any(Math.max(0, start - LABEL_REACH), start) || labels.between(start, end + LABEL_REACH).length > 0;

  // Chains: runs of adjacent Han characters with only non-letters between runs.
  const chains: HanRun[][] = [];
  let chain: HanRun[] = [];
  let prev: Token | null = null;
  for (const tok of tokens) {
    if (tok.kind !== "han") {
      if (chain.length) chains.push(chain);
      chain = [];
      prev = null;
      continue;
    }
    if (prev && prev.end === tok.start && !softBreak[tok.start]) (chain[chain.length - 1] as HanRun).tokens.push(tok);
    else chain.push({ tokens: [tok] });
    prev = tok;
  }
  if (chain.length) chains.push(chain);

  for (const c of chains) {
    spacedSpans(c, text, labelledAround, budget, push);
    groupedSpans(c, labelledAround, budget, push);
    for (const run of c) {
      if (run.tokens.length >= 11) unspacedSpans(run.tokens, labels, labelledAround, budget, push);
    }
    for (const joined of linesOf(c, text))
      unspacedSpans(joined.tokens, labels, labelledAround, budget, push, joined.cuts);
  }
  return spans;
}

/**
 * Runs of characters with only white space between them (a phrase wrapped over lines, sent in
 * two messages, or cut into uneven groups): read as one run whose pieces may each start or end
 * a phrase. Only groups of more than one run with a piece of two characters or more.
 */
function linesOf(chain: readonly HanRun[], text: string): Array<{ tokens: Token[]; cuts: number[] }> {
  const out: Array<{ tokens: Token[]; cuts: number[] }> = [];
  let group: HanRun[] = [];
  const close = () => {
    const tokens = group.flatMap((r) => r.tokens);
    if (group.length > 1 && tokens.length >= 11 && group.some((r) => r.tokens.length > 1)) {
      const cuts: number[] = [];
      let n = 0;
      for (const r of group.slice(0, -1)) {
        n += r.tokens.length;
        cuts.push(n);
      }
      out.push({ tokens, cuts });
    }
    group = [];
  };
  for (const run of chain) {
    const prev = group[group.length - 1];
    if (prev) {
      const gap = text.slice((prev.tokens[prev.tokens.length - 1] as Token).end, (run.tokens[0] as Token).start);
      if (!/^\s{1,4}$/.test(gap)) close();
    }
    group.push(run);
  }
  close();
  return out;
}

type Push = (first: Token, last: Token) => void;

/** Single wordlist characters with non-letters between them. */
function spacedSpans(
  chain: readonly HanRun[],
  text: string,
  labelledAround: (s: number, e: number) => boolean,
  budget: Budget,
  push: Push,
) {
  let run: Token[] = [];
  const close = () => {
    if (run.length >= 8) {
      const chars = run.map((t) => t.text);
      // A long run is redacted whole by its length: checksum windows would only cost time.
      const windows = run.length <= 200 ? windowsOver(chars, budget) : [];
      const first = run[0] as Token;
      const last = run[run.length - 1] as Token;
      // Dates and amounts ("2024年1月5日12点") put single characters between digits: they need a checksum.
      let onlyDigits = true;
      for (let k = 1; k < run.length && onlyDigits; k++) {
        onlyDigits = /^\d+$/.test(text.slice((run[k - 1] as Token).end, (run[k] as Token).start));
      }
      if (windows.length) {
        const [a] = windows[0] as [number, number];
        const [, b] = windows[windows.length - 1] as [number, number];
        // Up to two stray characters before or after a checksum-valid phrase stay.
        push(run[a < 3 ? a : 0] as Token, run[run.length - b < 3 ? b - 1 : run.length - 1] as Token);
      } else if (!onlyDigits && (run.length >= 11 || labelledAround(first.start, last.end))) push(first, last);
    }
    run = [];
  };
  for (const r of chain) {
    const t = r.tokens[0] as Token;
    if (r.tokens.length === 1 && isZhWord(t.text)) run.push(t);
    else close();
  }
  close();
}

/**
 * Equal groups of characters ("的一是 在不了 有和人 这中大"), checksum-valid. The first group may
 * be glued to the label before it ("助记词是的一是 在不了 …") and the last to the text after it.
 */
function groupedSpans(
  chain: readonly HanRun[],
  labelledAround: (s: number, e: number) => boolean,
  budget: Budget,
  push: Push,
) {
  for (let i = 0; i < chain.length; ) {
    const size = (chain[i] as HanRun).tokens.length;
    let j = i;
    while (j < chain.length && (chain[j] as HanRun).tokens.length === size) j++;
    if (size < 2 || size > 8 || j - i < 2) {
      i = Math.max(j, i + 1);
      continue;
    }
    const middle = chain.slice(i, j).flatMap((r) => r.tokens);
    const before = i > 0 ? (chain[i - 1] as HanRun).tokens : [];
    const after = j < chain.length ? (chain[j] as HanRun).tokens : [];
    // A label of the same size may lead or end the groups ("恢复词 只腊岭 …", "… 濕避罐 <- 助記詞"):
    // try without the first or last group too; the longest checksum-valid candidate wins.
    const candidates: Token[][] = [];
    for (const skipFirst of j - i > 2 ? [0, size] : [0]) {
      for (const skipLast of j - i > 2 ? [0, size] : [0]) {
        const core = middle.slice(skipFirst, middle.length - skipLast);
        for (const head of before.length > size && !skipFirst ? [0, size] : [0]) {
          for (let tail = 0; tail <= (skipLast ? 0 : Math.min(size, after.length)); tail++) {
            const toks = [...before.slice(before.length - head), ...core, ...after.slice(0, tail)];
            if ((MNEMONIC_LENGTHS as readonly number[]).includes(toks.length)) candidates.push(toks);
          }
        }
      }
    }
    candidates.sort((x, y) => y.length - x.length);
    // Every valid candidate of the longest valid length: a group of prose before or after the
    // phrase ("客服你好：\n…") passes with the phrase's other groups 1 time in 16. One that reads
    // like no prose wins; several are redacted together.
    const valid: Token[][] = [];
    for (const toks of candidates) {
      if (valid.length && toks.length < (valid[0] as Token[]).length) break;
      if (!toks.every((t) => isZhWord(t.text))) continue;
      if (budget.windows-- <= 0) return;
      if (validChinese(toks.map((t) => t.text))) valid.push(toks);
    }
    const plain = valid.filter((toks) => !readsLikeProse(toks.map((t) => t.text)));
    const chosen = plain.length ? plain : valid;
    const done = chosen.length > 0;
    if (done) {
      const firsts = chosen.map((toks) => toks[0] as Token).sort((x, y) => x.start - y.start);
      const lasts = chosen.map((toks) => toks[toks.length - 1] as Token).sort((x, y) => y.end - x.end);
      push(firsts[0] as Token, lasts[0] as Token);
    }
    if (!done && middle.length >= 11 && middle.length <= 24 && middle.every((t) => isZhWord(t.text))) {
      const first = middle[0] as Token;
      const last = middle[middle.length - 1] as Token;
      if (labelledAround(first.start, last.end) && !readsLikeProse(middle.map((t) => t.text))) push(first, last);
    }
    i = j;
  }
}

/** A run of adjacent characters next to (or holding) a seed label. */
function unspacedSpans(
  run: readonly Token[],
  labels: Hits,
  labelledAround: (s: number, e: number) => boolean,
  budget: Budget,
  push: Push,
  cuts: readonly number[] = [],
) {
  const runStart = (run[0] as Token).start;
  const runEnd = (run[run.length - 1] as Token).end;
  if (!labelledAround(runStart, runEnd)) return;
  const at = new Map<number, number>(run.map((t, k) => [t.start, k]));
  const chars = run.map((t) => t.text);
  // Where a phrase may start (run start, after a label and its connectors) and end (run end, before them).
  const isStart = new Uint8Array(run.length + 1);
  const isEnd = new Uint8Array(run.length + 1);
  isStart[0] = 1;
  isEnd[run.length] = 1;
  // Where the pieces of a run read over white space meet.
  for (const k of cuts) {
    isStart[k] = 1;
    isEnd[k] = 1;
  }
  /** The character at or after normalised offset `pos` (a label may end on the white space between pieces). */
  const after = (pos: number) => {
    const k = at.get(pos);
    if (k !== undefined || !cuts.length) return k;
    let lo = 0;
    let hi = run.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((run[mid] as Token).start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < run.length ? lo : undefined;
  };
  for (const hit of labels.between(runStart, runEnd)) {
    let s = after(hit.end) ?? (hit.end >= runEnd ? run.length : -1);
    let e = at.get(hit.start) ?? -1;
    if (s >= 0) {
      isStart[s] = 1;
      for (let k = 0; k < 3 && s < run.length && CONNECTORS.has(chars[s] as string); k++) isStart[++s] = 1;
    }
    if (e >= 0) {
      isEnd[e] = 1;
      for (let k = 0; k < 4 && e > 0 && CONNECTORS.has(chars[e - 1] as string); k++) isEnd[--e] = 1;
    }
  }
  const isWords = (a: number, b: number) => chars.slice(a, b).every(isZhWord);
  let best: { a: number; b: number; score: number } | null = null;
  const consider = (a: number, b: number, checked: boolean) => {
    if (a < 0 || b > run.length || b - a < 11 || !isWords(a, b)) return;
    const both = isStart[a] === 1 && isEnd[b] === 1;
    const prose = readsLikeProse(chars.slice(a, b));
    if (!checked && !(both && b - a <= 24 && !prose)) return;
    const score = (both ? 100 : 0) + (checked ? 50 : 0) + (prose ? 0 : 25) + (b - a);
    if (!best || score > best.score) best = { a, b, score };
  };
  for (let p = 0; p <= run.length && budget.windows > 0; p++) {
    if (isStart[p]) {
      for (const n of MNEMONIC_LENGTHS) {
        if (p + n <= run.length && budget.windows-- > 0 && validChinese(chars.slice(p, p + n)))
          consider(p, p + n, true);
      }
      for (let b = p + 11; b <= Math.min(run.length, p + 24); b++) if (isEnd[b]) consider(p, b, false);
    }
    if (isEnd[p]) {
      for (const n of MNEMONIC_LENGTHS) {
        if (p - n >= 0 && budget.windows-- > 0 && validChinese(chars.slice(p - n, p))) consider(p - n, p, true);
      }
    }
  }
  const found = best as { a: number; b: number } | null;
  if (found) push(run[found.a] as Token, run[found.b - 1] as Token);
}
