/**
 * Requests a customer can type on any channel, not only as bot commands: `/status`,
 * `status RD-1042`, `状态 RD-1042`, `/verify <handle>`, `/link [code]`. Pure.
 */
import { parseTicketNumber } from "./ticket";

export type TextIntent =
  | { kind: "status"; number: number | null }
  | { kind: "verify"; query: string }
  | { kind: "link"; code: string | null };

/** An intent, and whether the message says nothing else (then it needs no ticket of its own). */
export interface DetectedIntent {
  intent: TextIntent;
  only: boolean;
}

const STATUS =
  /^\/?(?:status|ticket status|状态|狀態|工单状态|工單狀態|查询工单|查詢工單)\s*(?:[:：]\s*)?(?:((?:rd-|#)?\d{1,9})\s*)?[?？.。!！]?$/iu;
const VERIFY = /^\/verify(?:@\w+)?(?:\s+([\s\S]+))?$/i;
const LINK = /^\/link(?:@\w+)?(?:\s+(\S[\s\S]*))?$/i;

/** Longest first line read as a request (`/verify` with a long handle still fits). */
const MAX_INTENT_LINE = 300;

/** The intent of the first non-empty line of `text`, or null. */
export function detectTextIntent(text: string): DetectedIntent | null {
  const trimmed = text.normalize("NFKC").trim();
  if (!trimmed) return null;
  const [first = "", ...rest] = trimmed.split(/\r?\n/);
  const line = first.trim();
  // Requests are short; a long first line is a message (and never reaches the patterns below).
  if (line.length > MAX_INTENT_LINE) return null;
  const only = rest.every((l) => !l.trim());
  const status = STATUS.exec(line);
  if (status) return { intent: { kind: "status", number: status[1] ? parseTicketNumber(status[1]) : null }, only };
  const verify = VERIFY.exec(line);
  if (verify) return { intent: { kind: "verify", query: (verify[1] ?? "").trim() }, only };
  const link = LINK.exec(line);
  if (link) return { intent: { kind: "link", code: link[1]?.trim() || null }, only };
  return null;
}

/** The answer to a status request for one ticket that is not among the customer's own. */
export function ticketNotFoundText(lang: "en" | "zh", number: string): string {
  return lang === "zh"
    ? `在您的工单中没有找到 ${number}。您只能查询自己的工单；发送“状态”可查看您的全部工单。`
    : `${number} is not one of your tickets. You can only look up your own; send "status" to list them.`;
}

/**
 * Whether a request is answered with something only its sender may see (their ticket list, a
 * link code): such answers go only into a private conversation between us and that sender.
 */
export function isPersonalIntent(intent: TextIntent): boolean {
  return intent.kind === "status" || intent.kind === "link";
}

/** The answer to a personal request made where others read along (or in someone else's conversation). */
export function privateOnlyText(lang: "en" | "zh", codeRetired: boolean): string {
  const retired = {
    en: "The code you posted can be seen by others here, so it no longer works: send /link again in a private chat for a new one.",
    zh: "您发送的关联码在这里其他人也能看到，因此已失效：请在私聊中重新发送 /link 获取新的关联码。",
  };
  const ask = {
    en: "For your privacy I answer this only in a private chat with you: please send it to me directly.",
    zh: "为保护您的隐私，此类请求只在与您的私聊中回答：请直接私信我。",
  };
  return codeRetired ? `${ask[lang]}\n${retired[lang]}` : ask[lang];
}
