/** The admin's live-chat settings as the staff API accepts them: exact origins that may frame /chat, the bot check, quick replies. */
import * as z from "zod";
import { MAX_ALLOWED_ORIGINS, normalizeOrigin } from "../core/chat-settings";

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
