/** The admin's live-chat settings as the staff API accepts them: exact origins that may frame /chat, the bot check, quick replies. */
import * as z from "zod";

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

const Origin = z
  .string()
  .max(300)
  .transform((v, ctx) => {
    const o = normalizeOrigin(v);
    if (!o) {
      ctx.addIssue({ code: "custom", message: "an exact origin like https://exchange.example (no path, no wildcard)" });
      return z.NEVER;
    }
    return o;
  });

const QuickReply = z.object({
  text: z.string().trim().min(1).max(40),
  data: z
    .string()
    .regex(/^(?:topic:(?:deposit|withdrawal|login|kyc)|human)$/, "topic:deposit|withdrawal|login|kyc or human"),
});

/** PUT /api/staff/chat-settings */
export const ChatSettingsBody = z
  .object({
    allowedOrigins: z.array(Origin).max(MAX_ALLOWED_ORIGINS),
    turnstileFirstMessage: z.boolean(),
    /** null (or absent): the defaults in code. */
    quickReplies: z.array(QuickReply).max(8).nullish(),
  })
  .strict();
