/** POST /t/:token/replies: the customer adds to their own ticket from its page. */
import type { Context } from "hono";
import { ConflictError, NotFoundError } from "../../src/core/errors";
import { type InboundMessage, linkReplyProviderId } from "../../src/core/inbound";
import { check } from "../../src/web/validate";
import { acceptAttachments } from "./attachments";
import { idempotencyKeyOf, readFormBody, wantsHtml } from "./request";
import type { WebformEnv } from "./respond";
import { ACCESS_TOKEN, ReplySubmission } from "./schemas";

/** The `:token` of a `/t/` route, or a 404 before anything touches D1. */
export function accessTokenParam(c: Context<WebformEnv>): string {
  const token = c.req.param("token") ?? "";
  if (!ACCESS_TOKEN.test(token)) throw new NotFoundError("Ticket");
  return token;
}

/** Handles one reply; the gate (content type, size, rate limit) has already run. */
export async function submitReply(c: Context<WebformEnv>) {
  const config = c.get("config");
  const token = accessTokenParam(c);
  const { fields, files } = await readFormBody(c);
  const input = check(ReplySubmission, { ...fields, idempotencyKey: idempotencyKeyOf(c, fields) });

  const key = input.idempotencyKey ?? crypto.randomUUID();
  // One round trip reads the ticket behind the link and everything ingest needs (keyed by the
  // link too), so the reply costs two in all: these reads and ingest's one batch of writes.
  const desk = c.get("desk");
  const { ticket, prefetch } = await desk.webform.readLinkReply(token, key);
  if (!ticket) throw new NotFoundError("Ticket");
  // The key is unique per ticket: another customer's same key is their own message, never this one's.
  const providerMessageId = linkReplyProviderId(ticket.id, key);
  c.set("lang", ticket.language);
  if (ticket.status === "closed") {
    throw new ConflictError("ticket_closed", "This ticket is closed; open a new request instead");
  }
  const attachments = await acceptAttachments(files, {
    maxCount: config.attachmentMaxCount,
    maxBytes: config.attachmentMaxBytes,
  });

  // The customer writes as the contact the ticket already has, so the message threads onto it. Never
  // as the contact's email address: an address is a web-form identity only once proven (/verify-email).
  const externalId = ticket.webformExternalId ?? `ticket:${ticket.id}`;
  const msg: InboundMessage = {
    channel: "webform",
    providerMessageId,
    conversationKey: ticket.conversationKey,
    sender: {
      externalId,
      contactId: ticket.contactId,
      ...(ticket.contactName ? { displayName: ticket.contactName } : {}),
      ...(ticket.contactEmail ? { email: ticket.contactEmail } : {}),
    },
    text: input.body,
    language: ticket.language,
    attachments,
    sentAt: new Date(),
  };
  // Read through the link: its ticket's conversation, and its contact as the sender.
  const result = await desk.ingest(msg, { prefetched: prefetch(msg) });
  if (
    result.outcome === "duplicate" &&
    result.conversationTicketId !== ticket.id &&
    !(await desk.webform.ticketBelongsToSender({
      ticketId: result.conversationTicketId,
      channel: "webform",
      externalId,
    }))
  ) {
    throw new ConflictError("idempotency_key_reused", "This idempotency key was already used for another message");
  }

  // A reply to a ticket resolved long ago opens a new one: send the customer there.
  const link = `/t/${result.accessToken || token}`;
  if (wantsHtml(c)) return c.redirect(link, 303);
  return c.json({ message: { id: result.messageId }, link }, result.outcome === "duplicate" ? 200 : 201);
}
