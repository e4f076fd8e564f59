/**
 * What the live chat's bot says when a visitor asks for a person: their place in the queue, the
 * expected wait, and outside business hours that nobody is in, offering email. Pure, zh and en.
 */
import type { Language } from "./inbound";
import { type BusinessHours, isValidBusinessHours } from "./sla";

/** Whether `now` falls inside the desk's business hours (none, or unusable ones: always open). */
export function withinBusinessHours(hours: BusinessHours | null, now: Date): boolean {
  if (!hours || !isValidBusinessHours(hours)) return true;
  const local = new Date(now.getTime() + hours.utcOffsetMinutes * 60_000);
  if (!hours.days.includes(local.getUTCDay())) return false;
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const [sh = 0, sm = 0] = hours.start.split(":").map(Number);
  const [eh = 0, em = 0] = hours.end.split(":").map(Number);
  return minute >= sh * 60 + sm && minute < eh * 60 + em;
}

/** Business hours as stored (JSON), or null when absent or malformed. */
export function parseBusinessHours(raw: string | null | undefined): BusinessHours | null {
  if (!raw) return null;
  try {
    const h = JSON.parse(raw) as BusinessHours;
    return isValidBusinessHours(h) ? h : null;
  } catch {
    return null;
  }
}

export interface QueueState {
  /** Tickets waiting for a person's first answer that came in before this one. */
  ahead: number;
  /** Mean first-response time of the last days, in minutes; null when unknown. */
  expectedMinutes: number | null;
  /** Inside business hours. */
  online: boolean;
  /** The visitor's proven email, when they have one. */
  email: string | null;
}

function waitText(lang: Language, minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes) || minutes < 5) return lang === "zh" ? "几分钟" : "a few minutes";
  if (minutes < 90) {
    const m = Math.round(minutes / 5) * 5;
    return lang === "zh" ? `约 ${m} 分钟` : `about ${m} minutes`;
  }
  const h = Math.round(minutes / 60);
  return lang === "zh" ? `约 ${h} 小时` : `about ${h} hour${h === 1 ? "" : "s"}`;
}

/** The hand-off answer in the visitor's language. */
export function chatHandoffText(lang: Language, q: QueueState): string {
  const place = q.ahead + 1;
  if (!q.online) {
    if (lang === "zh") {
      return q.email
        ? `现在是非工作时间，暂时没有客服在线。您的请求已排队（第 ${place} 位），客服上班后会在这里回复，并同时发送到您的邮箱 ${q.email}，您可以放心离开本页面。`
        : "现在是非工作时间，暂时没有客服在线。您的请求已排队，客服上班后会在这里回复。如希望通过邮件继续，请在此留下您的邮箱地址。";
    }
    return q.email
      ? `We're outside business hours, so no one is available right now. You're number ${place} in the queue; an agent will answer here when we're back, and by email to ${q.email}, so you can leave this page.`
      : "We're outside business hours, so no one is available right now. You're in the queue and an agent will answer here when we're back. To continue by email, leave your email address here.";
  }
  const wait = waitText(lang, q.expectedMinutes);
  return lang === "zh"
    ? `好的，正在为您转接人工客服。您前面还有 ${q.ahead} 位，预计等待${wait}。客服会在这里回复您。`
    : `OK, connecting you with a person. There ${q.ahead === 1 ? "is 1 person" : `are ${q.ahead} people`} ahead of you; the expected wait is ${wait}. An agent will answer you here.`;
}
