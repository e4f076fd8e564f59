/** Changes to inbound messages after ingest: a customer's edit, and parts merged into one message (albums). */
import { newId } from "../core/ids";
import type { ChannelName, InboundAttachment } from "../core/inbound";
import { appendPart, recordEdit } from "../store/edits";
import { publishFeedEvent } from "./feed";
import { deleteObjects, type IngestDeps, storeAttachments } from "./ingest";
import { afterAmendment, redactText } from "./intel";

/**
 * Applies a customer's edit to the stored inbound message behind `providerId`, keeping the
 * previous text in its history. Never opens or reopens a ticket. False when the message is
 * unknown (it was never stored) or already says `text`.
 */
export async function editInbound(
  deps: IngestDeps,
  args: { channel: ChannelName; providerId: string; text: string },
): Promise<boolean> {
  const now = (deps.now?.() ?? new Date()).toISOString();
  // An edit can add a secret: it is redacted like any inbound text, before it is stored.
  const { text, secrets } = redactText(args.text);
  const edited = await recordEdit(deps.env.DB, {
    channel: args.channel,
    providerId: args.providerId,
    body: text,
    editId: newId("edt"),
    editedAt: now,
  });
  if (!edited) return false;
  await afterAmendment(deps, { ticketId: edited.ticketId, messageId: edited.messageId, text, secrets });
  deps.waitUntil(
    publishFeedEvent(deps.env, { type: "message.edited", ticketId: edited.ticketId, messageId: edited.messageId }),
  );
  return true;
}

/**
 * Merges one part (its text and files) into an already stored message, once per `partId`.
 * Files go to R2 under keys derived from the part, so a redelivered part overwrites, never orphans.
 */
export async function appendInboundPart(
  deps: IngestDeps,
  args: {
    channel: ChannelName;
    messageId: string;
    ticketId: string;
    partId: string;
    text: string;
    attachments: InboundAttachment[];
  },
): Promise<boolean> {
  const { env } = deps;
  // Captions and file names are customer text too: redacted before R2 keys or rows are written.
  const caption = redactText(args.text);
  const names = args.attachments.map((a) => redactText(a.filename));
  const attachments = args.attachments.map((a, i) => ({ ...a, filename: names[i]?.text ?? a.filename }));
  const { text } = caption;
  const secrets = [...caption.secrets, ...names.flatMap((n) => n.secrets)];
  const stored = await storeAttachments(env, {
    channel: args.channel,
    providerMessageId: args.partId,
    attachments,
  });
  let added: boolean;
  try {
    added = await appendPart(env.DB, {
      channel: args.channel,
      messageId: args.messageId,
      partId: args.partId,
      text,
      attachments: stored.map((a) => ({ ...a, id: newId("att") })),
      now: (deps.now?.() ?? new Date()).toISOString(),
    });
  } catch (err) {
    await deleteObjects(
      env,
      stored.map((a) => a.r2Key),
    );
    throw err;
  }
  if (added) {
    await afterAmendment(deps, { ticketId: args.ticketId, messageId: args.messageId, text, secrets });
    deps.waitUntil(
      publishFeedEvent(env, { type: "message.updated", ticketId: args.ticketId, messageId: args.messageId }),
    );
  }
  return added;
}
