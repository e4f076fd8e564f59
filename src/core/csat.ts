/**
 * Customer satisfaction (CSAT): a 1-5 rating asked once when a ticket is resolved. A second
 * rating of the same ticket replaces the first (a customer who pressed 2 by mistake can press
 * 4); there is still only one rating per ticket. Pure.
 */
import type { Language } from "./inbound";

export const CSAT_MIN = 1;
export const CSAT_MAX = 5;
export const CSAT_RATINGS = [1, 2, 3, 4, 5] as const;
/** How long after the question a rating is still taken. */
export const CSAT_WINDOW_MS = 30 * 86_400_000;

/** `csat:<ticketId>:<rating>`: a button's payload (Telegram callback_data <= 64 bytes, Discord custom_id <= 100). */
export function csatButtonData(ticketId: string, rating: number): string {
  return `csat:${ticketId}:${rating}`;
}

/** The ticket and rating of a button payload, or null. */
export function parseCsatButton(data: string): { ticketId: string; rating: number } | null {
  const m = /^csat:([A-Za-z0-9_-]{1,80}):([1-5])$/.exec(data);
  return m?.[1] && m[2] ? { ticketId: m[1], rating: Number(m[2]) } : null;
}

/** A rating from a form or query value, or null when it is not 1-5. */
export function parseRating(value: unknown): number | null {
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^\s*[1-5]\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= CSAT_MIN && n <= CSAT_MAX ? n : null;
}

/** Stars for a button label. */
export function stars(rating: number): string {
  return "⭐".repeat(rating);
}

/** The question sent through the ticket's channel; `link` is the /t/ page for channels without buttons. */
export function csatQuestion(lang: Language, ticketNumber: string, link: string | null): string {
  if (lang === "zh") {
    const how = link ? `请打开此链接评分（1-5 分）：${link}` : "请点击下方按钮评分（1 = 很差，5 = 很好）。";
    return `您的工单 ${ticketNumber} 已解决。您对本次服务满意吗？${how}`;
  }
  const how = link ? `Rate us from 1 to 5 here: ${link}` : "Tap a button below (1 = poor, 5 = excellent).";
  return `Your ticket ${ticketNumber} is resolved. How did we do? ${how}`;
}

/** The answer to a rating. */
export function csatThanks(lang: Language, rating: number, replaced: boolean): string {
  if (lang === "zh") return replaced ? `已将您的评分更新为 ${rating} 分，谢谢！` : `感谢您的评价：${rating} 分！`;
  return replaced ? `We updated your rating to ${rating}/5. Thank you!` : `Thank you for your rating: ${rating}/5!`;
}

/** The answer when the ticket cannot be rated (not yours, never asked, or too long ago). */
export function csatRefused(lang: Language): string {
  return lang === "zh" ? "此评分已失效。" : "This rating is no longer open.";
}

export interface CsatSummary {
  responses: number;
  average: number | null;
  /** Share of 4 and 5 ratings, 0-1 (the usual "CSAT score"). */
  satisfied: number | null;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}

/** Count, average, share satisfied and the distribution of ratings. */
export function summarizeCsat(ratings: readonly number[]): CsatSummary {
  const distribution = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let sum = 0;
  let happy = 0;
  for (const r of ratings) {
    distribution[String(r) as keyof typeof distribution] += 1;
    sum += r;
    if (r >= 4) happy += 1;
  }
  const n = ratings.length;
  return {
    responses: n,
    average: n ? Math.round((sum / n) * 100) / 100 : null,
    satisfied: n ? Math.round((happy / n) * 1000) / 1000 : null,
    distribution,
  };
}
