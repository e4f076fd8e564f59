/** zod schemas of what the live-chat API accepts (channels/webform/chat). */
import * as z from "zod";
import { CHAT_CLIENT_ID } from "../../../src/core/chat";
import { LANGUAGES } from "../../../src/core/inbound";
import { storableId } from "../../../src/core/redact-ids";

/** `POST /api/chat/session`. The identity is checked by its signature (src/core/chat-identity.ts), not here. */
export const SessionBody = z
  .object({
    token: z.string().max(200).nullish(),
    identity: z.unknown().optional(),
    lang: z.enum(LANGUAGES).optional(),
  })
  .strict();

/** `POST /api/chat/messages` (JSON, or the same fields as multipart with `files`). */
export const MessageBody = z
  .object({
    // Stored in the message's provider id: one holding a secret is kept as its hash (src/core/redact-ids.ts).
    clientId: z.string().regex(CHAT_CLIENT_ID, "8 to 64 characters of A-Z a-z 0-9 _ -").transform(storableId),
    text: z.string().optional(),
    action: z.string().min(1).max(200).optional(),
    turnstileToken: z.string().max(4096).optional(),
  })
  .strict();
export type MessageBody = z.infer<typeof MessageBody>;
