/** Texts the bot sends, in zh and en. */
import type { Language } from "./inbound";

export const SAFETY_LINE: Record<Language, string> = {
  en: "Official support will never ask for your password, 2FA code, private key or seed phrase.",
  zh: "官方客服绝不会向您索要密码、两步验证码（2FA）、私钥或助记词。",
};

/** The acknowledgement a customer gets when a ticket is opened (or reopened). */
export function acknowledgement(
  lang: Language,
  args: { ticketNumber: string; expectedHours: number; reopened?: boolean },
): string {
  const { ticketNumber, expectedHours, reopened } = args;
  if (lang === "zh") {
    const head = reopened ? `您的工单 ${ticketNumber} 已重新打开。` : `我们已收到您的请求，工单号：${ticketNumber}。`;
    return `${head}我们通常会在 ${expectedHours} 小时内回复，请留意此对话。\n${SAFETY_LINE.zh}`;
  }
  const head = reopened
    ? `Your ticket ${ticketNumber} has been reopened.`
    : `We received your request. Your ticket number is ${ticketNumber}.`;
  const hours = expectedHours === 1 ? "1 hour" : `${expectedHours} hours`;
  return `${head} We usually answer within ${hours}; we will reply right here.\n${SAFETY_LINE.en}`;
}
