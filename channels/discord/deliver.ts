/** deliver(): one outbound message -> a DM channel (opened on demand) or the ticket's thread, through Discord REST. */
import type { RawFile, REST } from "@discordjs/rest";
import type { RESTPostAPIChannelMessageJSONBody } from "discord-api-types/v10";
import { PermanentError } from "../../src/core/errors";
import { splitMessageText } from "../../src/core/split";
import { type Env, loadConfig } from "../../src/env";
import { setIdentityReachable } from "../../src/store/contacts";
import { listSentParts, recordSentPart } from "../../src/store/outbox";
import type { DeliveryReceipt, OutboundAttachment, OutboundMessage } from "../types";
import { createRest, discordSettings, ROUTES, targetOfConversation } from "./config";
import { toChannelError, UnreachableError } from "./errors";
import { csatButtons } from "./form";

/** Discord's limit for one message's content. https://discord.com/developers/docs/resources/message#create-message */
export const MESSAGE_LIMIT = 2000;
/** Files per message. */
const FILES_PER_MESSAGE = 10;

/**
 * Sends the text (split at 2000 characters; mentions disabled, so a pasted `@everyone` stays
 * text) and then the attachments as uploaded files. The receipt is the first Discord message:
 * `<channel id>:<message id>`.
 */
export async function deliverDiscord(msg: OutboundMessage, env: Env): Promise<DeliveryReceipt> {
  const target = targetOfConversation(msg.conversationKey);
  if (!target) throw new PermanentError(`Not a Discord conversation: ${msg.conversationKey}`);
  const chunks = splitMessageText(msg.body, MESSAGE_LIMIT);
  if (!chunks.length && !msg.attachments.length) throw new PermanentError("Nothing to send: the message is empty");
  const files = await readAttachments(env, msg.attachments);
  const rest = createRest(discordSettings(loadConfig(env)));

  const sent: string[] = [];
  try {
    const channelId = target.kind === "dm" ? await openDm(rest, target.userId) : target.channelId;
    // A message of several parts records each accepted part, so a retry after a part-way failure
    // resumes with the part that failed instead of sending the customer the first ones again.
    const multiPart = chunks.length + Math.ceil(files.length / FILES_PER_MESSAGE) > 1;
    const done = multiPart ? await listSentParts(env.DB, "discord", msg.messageId) : [];
    sent.push(...done.map((key) => key.slice(key.indexOf(":") + 1)));
    let part = 0;
    const sendPart = async (send: (nonce: string) => Promise<string>) => {
      const index = part++;
      if (index < done.length) return;
      const id = await send(await partNonce(msg.messageId, index));
      sent.push(id);
      if (multiPart) await rememberPart(env.DB, `${channelId}:${id}`, msg.messageId);
    };
    let reference = replyReference(msg.replyToProviderMessageId);
    for (const [i, content] of chunks.entries()) {
      // Rating buttons go under the last part of a satisfaction question.
      const buttons = msg.csat && i === chunks.length - 1 ? { components: csatButtons(msg.ticketId) } : {};
      const body = { content, ...reference, ...buttons };
      await sendPart((nonce) => post(rest, channelId, { ...body, nonce }));
      reference = {}; // only the first part answers the customer's message
    }
    for (let i = 0; i < files.length; i += FILES_PER_MESSAGE) {
      const batch = files.slice(i, i + FILES_PER_MESSAGE);
      await sendPart((nonce) => post(rest, channelId, { nonce }, batch));
    }
    return { providerMessageId: `${channelId}:${sent[0]}` };
  } catch (err) {
    const mapped = toChannelError(err);
    if (mapped instanceof UnreachableError && target.kind === "dm") {
      await setIdentityReachable(env.DB, { channel: "discord", externalId: target.userId, reachable: false });
    }
    throw mapped;
  }
}

/** Best effort: a part Discord accepted is sent, whether or not D1 takes the note of it. */
async function rememberPart(db: D1Database, key: string, messageId: string): Promise<void> {
  try {
    await recordSentPart(db, { channel: "discord", providerPartId: key, messageId, now: new Date() });
  } catch (err) {
    console.warn("could not record a sent part; a retry may repeat it", { messageId, error: String(err) });
  }
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

async function readAttachments(env: Env, attachments: OutboundAttachment[]): Promise<RawFile[]> {
  const files: RawFile[] = [];
  for (const a of attachments) {
    const object = await env.ATTACHMENTS.get(a.r2Key);
    if (!object) throw new PermanentError(`The attachment ${a.filename} is no longer stored`);
    files.push({ name: a.filename, data: new Uint8Array(await object.arrayBuffer()), contentType: a.contentType });
  }
  return files;
}

/** Answer the customer's relayed message (a plain message id); send anyway if it was deleted. */
function replyReference(providerId: string | null): Pick<RESTPostAPIChannelMessageJSONBody, "message_reference"> {
  if (!providerId || !/^\d{1,25}$/.test(providerId)) return {};
  return { message_reference: { message_id: providerId, fail_if_not_exists: false } };
}
