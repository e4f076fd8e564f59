/** prepare(): one outbound message -> the Discord REST calls that send it to a DM channel (opened on demand) or the ticket's thread. */
import type { RawFile, REST } from "@discordjs/rest";
import type { RESTPostAPIChannelMessageJSONBody } from "discord-api-types/v10";
import type { DeliveryContext, OutboundAttachment, OutboundMessage, SendStep } from "../../src/core/channel";
import { PermanentError } from "../../src/core/errors";
import { splitMessageText } from "../../src/core/split";
import { createRest, type DiscordSettings, ROUTES, targetOfConversation } from "./config";
import { toChannelError } from "./errors";
import { csatButtons } from "./form";

/** Discord's limit for one message's content. https://discord.com/developers/docs/resources/message#create-message */
export const MESSAGE_LIMIT = 2000;
/** Files per message. */
const FILES_PER_MESSAGE = 10;

/**
 * The text (split at 2000 characters; mentions disabled, so a pasted `@everyone` stays text), then
 * the attachments as uploaded files, one REST call each; every step answers `<channel id>:<message id>`.
 */
export async function prepareDiscord(
  settings: DiscordSettings,
  msg: OutboundMessage,
  ctx: DeliveryContext,
): Promise<SendStep[]> {
  const target = targetOfConversation(msg.conversationKey);
  if (!target) throw new PermanentError(`Not a Discord conversation: ${msg.conversationKey}`);
  // A DM is the customer's own: when it fails for good, they are unreachable there.
  const recipient = target.kind === "dm" ? target.userId : null;
  const chunks = splitMessageText(msg.body, MESSAGE_LIMIT);
  const files = await readAttachments(ctx, msg.attachments);
  const rest = createRest(settings);
  let channelId: string;
  try {
    channelId = target.kind === "dm" ? await openDm(rest, target.userId) : target.channelId;
  } catch (err) {
    throw toChannelError(err, recipient);
  }
  const steps: SendStep[] = [];
  const step = (send: (nonce: string) => Promise<string>) => {
    const index = steps.length;
    steps.push(async () => {
      try {
        return `${channelId}:${await send(await partNonce(msg.messageId, index))}`;
      } catch (err) {
        throw toChannelError(err, recipient);
      }
    });
  };
  let reference = replyReference(msg.replyToProviderMessageId);
  for (const [i, content] of chunks.entries()) {
    // Rating buttons go under the last part of a satisfaction question.
    const buttons = msg.csat && i === chunks.length - 1 ? { components: csatButtons(msg.ticketId) } : {};
    const body = { content, ...reference, ...buttons };
    step((nonce) => post(rest, channelId, { ...body, nonce }));
    reference = {}; // only the first part answers the customer's message
  }
  for (let i = 0; i < files.length; i += FILES_PER_MESSAGE) {
    const batch = files.slice(i, i + FILES_PER_MESSAGE);
    step((nonce) => post(rest, channelId, { nonce }, batch));
  }
  return steps;
}

/** The DM channel with a user (Discord returns the existing one). https://discord.com/developers/docs/resources/user#create-dm */
async function openDm(rest: REST, userId: string): Promise<string> {
  const channel = (await rest.post(ROUTES.userChannels(), { body: { recipient_id: userId } })) as { id: string };
  return channel.id;
}

/**
 * The same nonce for the same part on every try: with `enforce_nonce`, Discord answers a repeat
 * within a few minutes with the message it already created, so a send whose answer was lost (and
 * is retried) still reaches the customer once. Discord takes at most 25 characters.
 */
async function partNonce(messageId: string, part: number): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${messageId}:${part}`));
  return [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function post(
  rest: REST,
  channelId: string,
  body: RESTPostAPIChannelMessageJSONBody & { nonce: string },
  files: RawFile[] = [],
): Promise<string> {
  const message = (await rest.post(ROUTES.channelMessages(channelId), {
    body: { ...body, enforce_nonce: true, allowed_mentions: { parse: [] } },
    ...(files.length ? { files } : {}),
  })) as { id: string };
  return message.id;
}

async function readAttachments(ctx: DeliveryContext, attachments: OutboundAttachment[]): Promise<RawFile[]> {
  const files: RawFile[] = [];
  for (const a of attachments) {
    const data = await ctx.readAttachment(a.r2Key);
    if (!data) throw new PermanentError(`The attachment ${a.filename} is no longer stored`);
    files.push({ name: a.filename, data, contentType: a.contentType });
  }
  return files;
}

/** Answer the customer's relayed message (a plain message id); send anyway if it was deleted. */
function replyReference(providerId: string | null): Pick<RESTPostAPIChannelMessageJSONBody, "message_reference"> {
  if (!providerId || !/^\d{1,25}$/.test(providerId)) return {};
  return { message_reference: { message_id: providerId, fail_if_not_exists: false } };
}
