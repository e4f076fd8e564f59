/** The admin's live-chat settings: which exact origins may frame /chat (the staff API's body: src/staff/chat-settings-body.ts). */
export const MAX_ALLOWED_ORIGINS = 20;

/** `https://exchange.example` (or http for localhost): scheme, host and port only, no path, no wildcard. */
export function normalizeOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  // A plain host name (no wildcard, no stray characters) or an IPv4 address.
  if (!/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(url.hostname)) return null;
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname && url.pathname !== "/")) return null;
  if (raw.trim().replace(/\/$/, "").toLowerCase() !== url.origin.toLowerCase()) return null;
  return url.origin;
}
