/** Pure text helpers of the inbox (no DOM): relative times, sizes, list snippets, canned-reply templates. */

/** "5 min ago" / "in 3 hr" for an ISO time, as seen at `now` (ms). */
export function relativeTime(rtf: Intl.RelativeTimeFormat, iso: string, now: number): string {
  const diff = (Date.parse(iso) - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), "hour");
  return rtf.format(Math.round(diff / 86400), "day");
}

export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The list's one-line snippet of a ticket's last message, prefixed by who wrote it. */
export function snippetText(
  m: { body: string; direction: string; author: string } | null,
  labels: { note: string; bot: string; you: string },
): string {
  if (!m) return "";
  const prefix =
    m.direction === "note"
      ? `${labels.note}: `
      : m.author === "bot"
        ? `${labels.bot}: `
        : m.direction === "out"
          ? `${labels.you}: `
          : "";
  const text = m.body.replace(/\s+/g, " ").trim();
  return prefix + (text.length > 140 ? `${text.slice(0, 140)}…` : text);
}

/** Fills `{{customer_name}}` and `{{ticket_number}}` in a canned reply; other text stays as written. */
export function fillTemplate(body: string, values: { customer_name: string; ticket_number: string }): string {
  return body.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, name: string) =>
    name in values ? values[name as keyof typeof values] : all,
  );
}
