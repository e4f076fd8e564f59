/** Per-interaction dependencies, the caller's identity, and follow-ups through the interaction webhook. */
import type { Language } from "../../src/core/inbound";
import type { Config } from "../../src/env";
import type { Desk } from "../../src/pipeline/desk";
import { createRest, type DiscordSettings, dmConversation, ROUTES, threadConversation } from "./config";
import type { Interaction } from "./schemas";
import { languageOfLocale } from "./texts";

/** What a handler of one interaction works with: the desk port, the settings, the request's waitUntil. */
export interface InteractionDeps {
  desk: Desk;
  config: Config;
  settings: DiscordSettings;
  waitUntil: (p: Promise<unknown>) => void;
}

/** Who interacted, where, and in which language. */
export interface Caller {
  userId: string;
  displayName: string;
  lang: Language;
  /**
   * In a server thread the thread is the conversation (`discord:thread:<channel>`), and replies
   * are posted there. Anywhere else (DMs, a shared support channel) it is the person:
   * `discord:dm:<user>`, answered by DM, so two customers in one channel never share a ticket.
   */
  conversationKey: string;
}

/** Thread channel types: announcement, public and private threads. https://discord.com/developers/docs/resources/channel#channel-object-channel-types */
const THREAD_TYPES = new Set([10, 11, 12]);

/** The caller of an interaction; null when Discord sent neither `user` nor `member.user`. */
export function callerOf(i: Interaction): Caller | null {
  const user = i.member?.user ?? i.user;
  if (!user) return null;
  const thread = i.guild_id && i.channel && THREAD_TYPES.has(i.channel.type) ? i.channel.id : null;
  return {
    userId: user.id,
    displayName: user.global_name || user.username,
    lang: languageOfLocale(i.locale),
    conversationKey: thread ? threadConversation(thread) : dmConversation(user.id),
  };
}

/** A message body for an interaction response or follow-up. */
export interface ReplyData {
  content: string;
  components?: unknown[];
}

/**
 * Replaces the deferred "thinking…" answer with the real one. Interaction webhooks need no bot
 * token; the interaction's token is valid for 15 minutes.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response
 */
export async function editOriginal(deps: InteractionDeps, i: Interaction, data: ReplyData): Promise<void> {
  const rest = createRest({ ...deps.settings, token: "" });
  await rest.patch(ROUTES.webhookOriginal(i.application_id, i.token), {
    body: { ...data, allowed_mentions: { parse: [] } },
    auth: false,
  });
}
