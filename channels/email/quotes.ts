/** What staff see of an email: the new text, without the quoted history and the signature. */

/** A line that starts the quoted history, in the shapes real clients write. */
const HISTORY_STARTS: RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Tue, Nov 24, 2026 at 9:15 AM X <x@y> wrote:" (maybe quoted itself)
  /^(>\s*)?On\b.{4,400}\bwrote:\s*$/i,
  // Gmail/Apple in Chinese: "在 2026年11月24日 ... 写道：" / Traditional "寫道："
  /^(>\s*)?在.{2,400}(写道|寫道)\s*[:：]\s*$/,
  // German/French/Spanish Gmail, as customers abroad use them
  /^(>\s*)?(Am|Le|El)\b.{4,400}\b(schrieb|a écrit|escribió)\s*:\s*$/i,
  // Outlook and many others
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*(原始邮件|原始郵件|原邮件)\s*-{2,}\s*$/,
  // Outlook's separator line before its header block
  /^_{20,}\s*$/,
];

/** Header lines of an Outlook/Foxmail/QQ reply block: "发件人: ...", "From: ...". */
const HEADER_FROM = /^\*?(From|发件人|發件人|寄件者)\*?\s*[:：]/i;
const HEADER_NEXT = /^\*?(Sent|Date|To|Subject|Cc|发送时间|發送時間|日期|收件人|主题|主旨|抄送|寄件日期)\*?\s*[:：]/i;

/** Lines that end what a person wrote: signature delimiter and mobile footers. */
const SIGNATURE_START = /^--\s?$/;
const MOBILE_FOOTER =
  /^(Sent from my (iPhone|iPad|Android|mobile|Galaxy)|Sent from (Mail|Outlook) for|Get Outlook for (iOS|Android)|发自我的(iPhone|iPad|手机)|從我的 ?iPhone 傳送|来自.{0,20}邮箱)/i;

export interface StrippedText {
  /** The new text the customer wrote. */
  text: string;
  /** Whether anything (history or signature) was cut. */
  stripped: boolean;
}

/**
 * Cuts quoted history and signatures. A reply that is only a quote (nothing new) keeps its full
 * text, so nothing a customer wrote can disappear from the ticket.
 */
export function stripQuotedText(input: string): StrippedText {
  const lines = input.replace(/\r\n?/g, "\n").split("\n");
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    const joined = `${line} ${(lines[i + 1] ?? "").trim()}`;
    if (HISTORY_STARTS.some((re) => re.test(line))) {
      end = i;
      break;
    }
    // "On ... <x@y>" wrapped before "wrote:" (Gmail wraps long attribution lines)
    if (/^(>\s*)?(On|在)\b/i.test(line) && HISTORY_STARTS.some((re) => re.test(joined))) {
      end = i;
      break;
    }
    if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 4).some((l) => HEADER_NEXT.test(l.trim()))) {
      end = i;
      break;
    }
    if (SIGNATURE_START.test(lines[i] ?? "")) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end);
  // A trailing run of "> " lines is quoted history without an attribution line.
  let last = kept.length;
  while (last > 0 && /^\s*(>.*)?$/.test(kept[last - 1] ?? "")) last--;
  if (last < kept.length && kept.slice(last).some((l) => l.trim().startsWith(">"))) kept = kept.slice(0, last);
  kept = kept.filter((l) => !MOBILE_FOOTER.test(l.trim()));
  const text = kept.join("\n").trim();
  const original = input.replace(/\r\n?/g, "\n").trim();
  if (!text) return { text: original, stripped: false };
  return { text, stripped: text !== original };
}
