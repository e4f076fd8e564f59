/** Changes to inbound messages after ingest: a customer's edit, and parts merged into one message (albums). */
import { extractEntities } from "../core/entities";
import { newId } from "../core/ids";
import type { ChannelName, InboundAttachment } from "../core/inbound";
import { redactSpans, SECRET_KINDS, secretSpans } from "../core/redact";
import { redactFiles } from "../core/redact-files";
import { keepContextRedactions, redactThread } from "../core/redact-thread";
import { secretSafetyWarning } from "../core/replies";
import { appendPart, applyEdit, readEditTarget, readPartContext } from "../store/edits";
import { publishFeedEvent } from "./feed";
import { deleteObjects, type IngestDeps, storeAttachments } from "./ingest";
import { enqueueDelivery } from "./outbox";
import { afterAmendment, publishRedactedEarlier, redactText } from "./triage";

/**
 * Applies a customer's edit to the stored inbound message behind `providerId`, keeping the
 * previous text in its history. Never opens or reopens a ticket. False when the message is
 * unknown (it was never stored) or already says `text`. Two round trips: the message with the
 * sender's messages before it, then one batch of writes.
 */
export async function editInbound(
  deps: IngestDeps,
  args: { channel: ChannelName; providerId: string; senderExternalId: string; text: string },
): Promise<boolean> {
  const { env } = deps;
  const now = (deps.now?.() ?? new Date()).toISOString();
  const target = await readEditTarget(env.DB, {
    channel: args.channel,
    providerId: args.providerId,
    senderExternalId: args.senderExternalId,
  });
  if (!target) return false;
  // An edit can add a secret, alone or with the sender's earlier messages: redacted before it is stored.
  const own = redactText(args.text);
  const thread = redactThread(target.context, own.text);
  // The edit brings back the whole text, pieces of a split secret included: those stay redacted.
  const text = target.redactedInContext ? keepContextRedactions(target.body, thread.text) : thread.text;
  if (text === target.body) return false;
  const secrets = SECRET_KINDS.filter((k) => own.secrets.includes(k) || thread.kinds.includes(k));
  const warning = secrets.length ? { id: newId("msg"), body: secretSafetyWarning(target.language) } : null;
  const edited = await applyEdit(env.DB, {
    target,
    body: text,
    // The flag follows the text: set when something in it was replaced, cleared when the edit took the secret out.
    redacted: text !== args.text,
    redactedKinds: text !== args.text ? secrets : [],
    redactedInContext: text !== own.text,
    editId: newId("edt"),
    now,
    thread,
    entities: extractEntities(text),
    warning,
  });
  if (!edited) return false;
  if (warning) await enqueueDelivery(env, warning.id);
  deps.waitUntil(publishFeedEvent(env, { type: "message.edited", ticketId: target.ticketId, messageId: target.id }));
  deps.waitUntil(publishRedactedEarlier(env, target.ticketId, thread));
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
  const spans = secretSpans(args.text);
  const own = redactSpans(args.text, spans);
  const caption = { text: own.text, secrets: own.kinds };
  // A caption may finish a secret the sender began in the messages just before (or in this one's own text); as it
  // arrived, it may finish one whose rest it held by chance (a lone first piece: src/core/redact-thread.ts).
  const context = caption.text ? await readPartContext(env.DB, args.messageId) : null;
  const thread = context ? redactThread(context, caption.text, 0, { text: args.text, spans }) : null;
  const files = redactFiles(args.attachments);
  const attachments = files.files;
  const text = thread?.text ?? caption.text;
  const secrets = SECRET_KINDS.filter(
    (k) => caption.secrets.includes(k) || files.kinds.includes(k) || Boolean(thread?.kinds.includes(k)),
  );
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
      ...(thread ? { thread } : {}),
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
    if (thread) deps.waitUntil(publishRedactedEarlier(env, args.ticketId, thread));
  }
  return added;
}
