/**
 * The admin screens' pure logic (no DOM, no fetch), unit-tested: which screen a URL shows, list
 * updates, texts with placeholders, API errors as text, and turning form input into API bodies.
 */
import { formatTicketNumber, parseTicketNumber } from "../../../core/ticket";

export const SCREENS = [
  "users",
  "tokens",
  "sessions",
  "canned",
  "kb",
  "triage",
  "sla",
  "handles",
  "incidents",
  "assign",
  "chat",
] as const;
export type Screen = (typeof SCREENS)[number];

/** The screen a location hash names (`#tokens`); the first one for anything else. */
export function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#/, "");
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : "users";
}

/** The list with `item` replacing the entry of the same id, or appended. */
export function upsertById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const at = list.findIndex((x) => x.id === item.id);
  return at < 0 ? [...list, item] : list.map((x, i) => (i === at ? item : x));
}

/** The list without the entry of `id`. */
export function removeById<T extends { id: string }>(list: readonly T[], id: string): T[] {
  return list.filter((x) => x.id !== id);
}

/** `{name}` placeholders filled from `vars`; unknown ones stay as written. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/** What an API error says: `{ error: { code, message, details } }`, or the status when the body is not that. */
export interface ApiErrorInfo {
  status: number;
  code: string;
  message: string;
  details: Array<{ path: string; message: string }>;
}

/** Reads the JSON error shape (anything else becomes a plain `http_<status>` error). */
export function apiErrorFrom(status: number, body: unknown): ApiErrorInfo {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const details = Array.isArray(err?.details)
    ? (err.details as unknown[]).flatMap((d) => {
        const o = d as { path?: unknown; message?: unknown };
        return typeof o?.message === "string" ? [{ path: String(o.path ?? ""), message: o.message }] : [];
      })
    : [];
  return {
    status,
    code: typeof err?.code === "string" ? err.code : `http_${status}`,
    message: typeof err?.message === "string" ? err.message : `HTTP ${status}`,
    details,
  };
}

/** One text for an error: its message, then each detail as `path: message`. */
export function errorText(e: Pick<ApiErrorInfo, "message" | "details">): string {
  return [e.message, ...e.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))].join("\n");
}

/** Keywords typed as one line: split on commas (also `，` and `、`), trimmed, empty and repeated ones dropped. */
export function splitKeywords(text: string): string[] {
  return [...new Set(text.split(/[,，、\n]/).map((w) => w.trim()))].filter(Boolean);
}

/**
 * Tickets pasted in any layout (spaces, commas, lines): numbers as people write them (`RD-1042`, `#1042`,
 * `1042`, kept as `RD-1042`) and ids (`tkt_…`), each once; `bad` are the words that are neither.
 */
export function parseTicketRefs(text: string): { numbers: string[]; ids: string[]; bad: string[] } {
  const words = [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))];
  const isId = (w: string) => /^[a-z]{2,4}_[a-z0-9_]+$/.test(w) && w.length <= 64;
  const numberOf = (w: string) => {
    const n = parseTicketNumber(w);
    return n ? formatTicketNumber(n) : null;
  };
  return {
    numbers: [...new Set(words.flatMap((w) => numberOf(w) ?? []))],
    ids: words.filter(isId),
    bad: words.filter((w) => !isId(w) && !numberOf(w)),
  };
}

/** The rules an admin typed, parsed: an object, or the parser's complaint. */
export function parseRulesJson(
  text: string,
): { ok: true; rules: Record<string, unknown> } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: "not a JSON object" };
    return { ok: true, rules: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export interface BusinessHours {
  utcOffsetMinutes: number;
  days: number[];
  start: string;
  end: string;
}

/** "Mon–Fri 09:00–18:00 (UTC+08:00)"-like text of business hours, with the language's day names. */
export function hoursLabel(h: BusinessHours, dayNames: readonly string[]): string {
  const days = [...h.days].sort((a, b) => a - b);
  const contiguous = days.length > 2 && days.every((d, i) => i === 0 || d === (days[i - 1] as number) + 1);
  const name = (d: number) => dayNames[d] ?? String(d);
  const dayText = contiguous
    ? `${name(days[0] as number)}–${name(days[days.length - 1] as number)}`
    : days.map(name).join(" ");
  const off = Math.abs(h.utcOffsetMinutes);
  const sign = h.utcOffsetMinutes < 0 ? "-" : "+";
  const zone = `UTC${sign}${String(Math.floor(off / 60)).padStart(2, "0")}:${String(off % 60).padStart(2, "0")}`;
  return `${dayText} ${h.start}–${h.end} (${zone})`;
}

/** Minutes as the shortest readable text: `45 min`, `4 h`, `1 d 2 h`. */
export function minutesLabel(minutes: number): string {
  if (minutes < 60 || minutes % 60 !== 0)
    return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  const hours = minutes / 60;
  if (hours < 24 || hours % 24 === 0) return hours < 24 ? `${hours} h` : `${hours / 24} d`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** What a token list shows of a token after it was shown once: its stored prefix and an ellipsis. */
export function tokenShown(prefix: string | null): string {
  return `${prefix ?? "rdk_"}…`;
}

/** A stored time as the staff member's local date and time (minutes), or the text for "never". */
export function timeLabel(iso: string | null, lang: "en" | "zh", never: string): string {
  if (!iso) return never;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return never;
  return d.toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
