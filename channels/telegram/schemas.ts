/** zod shapes of the parts of a Telegram update this channel relies on; the rest passes through untouched. */
import * as z from "zod";

const User = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

const Chat = z.looseObject({
  id: z.number().int(),
  // "private", "group", "supergroup", "channel"; a kind added later must not turn updates into 400s.
  type: z.string(),
});

const Message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat: Chat,
  from: User.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  media_group_id: z.string().optional(),
  reply_to_message: z.looseObject({ message_id: z.number().int() }).optional(),
});

const CallbackQuery = z.looseObject({
  id: z.string(),
  from: User,
  data: z.string().optional(),
  message: z.looseObject({ message_id: z.number().int(), chat: Chat }).optional(),
});

const ChatMemberUpdated = z.looseObject({
  chat: Chat,
  from: User,
  date: z.number().int(),
  new_chat_member: z.looseObject({ status: z.string(), user: User }),
});

/** The update kinds this channel handles (and asks for in setWebhook's allowed_updates). */
export const HANDLED_KINDS = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

/** An update: its id, and at most the kinds we handle, validated; unknown kinds are allowed through. */
export const UpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: Message.optional(),
  edited_message: Message.optional(),
  callback_query: CallbackQuery.optional(),
  my_chat_member: ChatMemberUpdated.optional(),
});

export type ValidUpdate = z.infer<typeof UpdateSchema>;

/** Whether a valid update carries a kind this channel handles. */
export function isHandledUpdate(update: ValidUpdate): boolean {
  return HANDLED_KINDS.some((kind) => update[kind] !== undefined);
}

/** Whether the body carries any update kind at all besides its id (Telegram always sends exactly one). */
export function hasAnyKind(update: ValidUpdate): boolean {
  return Object.keys(update).some((key) => key !== "update_id");
}
