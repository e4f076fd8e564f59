/** Staff actions on one ticket that the staff API's routes hand their validated input to: merging, replying, noting. */
import type { Context } from "hono";
import type { z } from "zod";
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { redactSecrets } from "../core/redact";
import { type Message, statusAfterStaffReply } from "../core/ticket";
import type { AppEnv } from "../env";
import { pushStoredMessage } from "../pipeline/chat-push";
import { publishFeedEvent } from "../pipeline/feed";
import { dispatchOutbound } from "../pipeline/outbox";
import { mergeTickets } from "../store/merge";
import { getMessage, insertStaffMessage } from "../store/messages";
import { findUnsentUploads } from "../store/staff-uploads";
import { getTicket, isConversationOfTicket, openStaffTicket } from "../store/tickets";
import { noteMentions, publishMentions } from "./mentions";
import type { MergeBody } from "./schemas";

/** Attachments are only reachable through the authorised route, never a public R2 URL. */
export function withAttachmentUrls(messages: Message[]): Message[] {
  return messages.map((m) => ({
    ...m,
    attachments: m.attachments.map((a) => ({ ...a, url: `/api/staff/attachments/${a.id}` })),
  }));
}

/** `POST /tickets/:id/merge`: joins ticket `id` into `intoId` (another customer's only when an admin confirms). */
export async function mergeTicket(c: Context<AppEnv>, id: string, input: z.output<typeof MergeBody>) {
  const { intoId, confirmDifferentCustomers } = input;
  if (intoId === id) {
    if (!(await getTicket(c.env.DB, id))) throw new NotFoundError("Ticket");
    throw new ConflictError("merge_into_self", "A ticket cannot be merged into itself");
  }
  // Joining two customers' tickets is an admin's decision, made explicitly.
  if (confirmDifferentCustomers && c.get("staff").role !== "admin") {
    throw new ForbiddenError("Only an admin can merge tickets of different customers");
  }
  const now = new Date().toISOString();
  const actorId = c.get("staff").staffId;
  const outcome = await mergeTickets(c.env.DB, {
    sourceId: id,
    intoId,
    actorId,
    auditIds: [newId("aud"), newId("aud")],
    now,
    differentCustomers: confirmDifferentCustomers === true,
  });
  if (outcome === "source_missing") throw new NotFoundError("Ticket");
  if (outcome === "target_missing") throw new NotFoundError("Target ticket");
  if (outcome === "source_merged") throw new ConflictError("already_merged", "This ticket was already merged");
  if (outcome === "target_closed") {
    throw new ConflictError("target_closed", "A ticket cannot be merged into a closed or merged ticket");
  }
  if (outcome === "different_customers") {
    throw new ConflictError(
      "different_customers",
      "These tickets belong to different customers. Only an admin can merge them, by confirming with " +
        "confirmDifferentCustomers: true; each customer then still sees only their own messages and the replies to them.",
    );
  }
  if (outcome === "unproven_sender") throw unprovenSenderError(c.get("staff").role);
  const result = await openStaffTicket(c.env.DB, { id: intoId, viewerId: actorId, now });
  c.executionCtx.waitUntil(
    (async () => {
      await publishFeedEvent(c.env, {
        type: "ticket.merged",
        ticketId: id,
        intoId,
        intoNumber: result?.ticket.number,
        actorId,
      });
      await publishFeedEvent(c.env, {
        type: "ticket.updated",
        ticketId: id,
        changes: ["status", "mergedIntoId"],
        status: "closed",
        mergedIntoId: intoId,
        actorId,
      });
      await publishFeedEvent(c.env, {
        type: "ticket.updated",
        ticketId: intoId,
        changes: ["messages", "mergedFrom"],
        status: result?.ticket.status,
        priority: result?.ticket.priority,
        assigneeId: result?.ticket.assigneeId ?? null,
        actorId,
      });
    })(),
  );
  return c.json({ ticket: result?.ticket, messages: withAttachmentUrls(result?.messages ?? []) });
}

/**
 * A merge of tickets nothing proves are one person's (src/store/merge.ts `unprovenTicketSql`): an agent may not (403),
 * an admin may by confirming with `confirmDifferentCustomers: true` (409 until then). `tickets`: the bulk route's list.
 */
export function unprovenSenderError(role: string, tickets?: Array<{ id: string; number: string }>): AppError {
  const why =
    "Nothing proves these tickets are one person's: a sender's address was not proven by SPF/DKIM/DMARC " +
    "(its domain publishes none, so anyone can write as it), and a forger's mail would join the customer's conversation.";
  return role === "admin"
    ? new AppError(409, "unproven_sender", `${why} Confirm with confirmDifferentCustomers: true to merge anyway.`, {
        tickets,
      })
    : new AppError(403, "unproven_sender", `${why} Only an admin can merge them.`, { tickets });
}

/** `POST /tickets/:id/replies` and `/notes`: a reply goes out through the ticket's channel; a note never leaves. */
export async function addStaffMessage(
  c: Context<AppEnv>,
  id: string,
  kind: "reply" | "note",
  input: { body: string; replyToMessageId?: string; conversationId?: string; attachmentIds?: string[] | undefined },
) {
  const isReply = kind === "reply";
  const replyTo = input.replyToMessageId ?? null;
  const conversationId = input.conversationId ?? null;
  const ticket = await getTicket(c.env.DB, id);
  if (!ticket) throw new NotFoundError("Ticket");
  if (isReply && ticket.status === "closed") {
    throw new ConflictError("ticket_closed", "This ticket is closed; the customer can no longer be answered on it");
  }
  if (replyTo) {
    // A reply answers one of this ticket's customer messages, and goes to whoever wrote it.
    const answered = await getMessage(c.env.DB, replyTo);
    if (answered?.ticketId !== id || answered.direction !== "in") {
      throw new ValidationError("replyToMessageId is not a customer message of this ticket", [
        { path: "replyToMessageId", message: "give the id of a customer message on this ticket" },
      ]);
    }
    if (conversationId && answered.originTicketId !== conversationId) {
      throw new ValidationError("replyToMessageId is not a message of conversationId", [
        { path: "conversationId", message: "the answered message's conversation, or leave it out" },
      ]);
    }
  }
  // The conversation the inbox showed under the reply box: on a ticket merged from two customers' tickets, a message
  // the other customer writes meanwhile never redirects the answer (test/integration/security/merged-reply-target).
  if (conversationId && !(await isConversationOfTicket(c.env.DB, id, conversationId))) {
    throw new ValidationError("conversationId is not a conversation of this ticket", [
      { path: "conversationId", message: "give the id of this ticket or of a ticket merged into it" },
    ]);
  }
  const staffId = c.get("staff").staffId;
  // A customer's secret an agent writes down (read out on a call, copied from a screenshot) is stored,
  // indexed, shown and sent only as its marker, like the customer's own message.
  const body = redactSecrets(input.body).text;
  const attachmentIds = input.attachmentIds ?? [];
  await checkUploads(c, id, staffId, attachmentIds);
  const messageId = newId("msg");
  const now = new Date().toISOString();
  // A note's @mentions are written in the note's own batch; a reply mentions nobody (it goes to the customer).
  const mentions = isReply
    ? null
    : await noteMentions(c.env.DB, { body, messageId, ticketId: id, authorId: staffId, now });
  const message = await insertStaffMessage(c.env.DB, {
    kind: isReply ? "reply" : "note",
    messageId,
    ticketId: id,
    channel: ticket.channel,
    replyToMessageId: replyTo,
    conversationId,
    body,
    staffId,
    nextStatus: isReply ? statusAfterStaffReply(ticket.status) : null,
    auditId: newId("aud"),
    now,
    also: mentions?.statements,
    attachmentIds,
  }).catch((err: unknown) => {
    // Two sends racing with the same upload: the attachments' primary key lets one win, whole.
    if (String(err).includes("UNIQUE constraint failed")) {
      throw new ConflictError("attachment_already_sent", "An attached file was sent with another message meanwhile");
    }
    throw err;
  });
  // The reply goes out right after this answer, the queue as the fallback (src/pipeline/outbox.ts).
  if (isReply) {
    await dispatchOutbound({ env: c.env, config: c.get("config"), waitUntil: (p) => c.executionCtx.waitUntil(p) }, [
      message.id,
    ]);
  }
  // A web-channel customer with the widget or `/t/` page open sees the reply at once (no queue hop);
  // the delivery step pushes it again (clients dedupe by id), the reliable path.
  if (isReply && ticket.channel === "webform") c.executionCtx.waitUntil(pushStoredMessage(c.env, message.id));
  if (mentions?.staffIds.length) {
    c.executionCtx.waitUntil(publishMentions(c, { ticket, message, staffIds: mentions.staffIds }));
  }
  c.executionCtx.waitUntil(
    publishFeedEvent(c.env, {
      type: "message.created",
      ticketId: id,
      messageId: message.id,
      direction: message.direction,
      author: message.author,
      actorId: staffId,
    }),
  );
  return c.json({ message }, 201);
}

/**
 * The files a staff message carries must be the sender's own unsent uploads on this ticket, no more
 * than a customer may attach (ATTACHMENT_MAX_COUNT): anything else is refused before any write.
 */
async function checkUploads(c: Context<AppEnv>, ticketId: string, staffId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const max = c.get("config").attachmentMaxCount;
  if (ids.length > max) {
    throw new AppError(413, "too_many_attachments", `At most ${max} files may be attached`);
  }
  const found = new Set(await findUnsentUploads(c.env.DB, { ids, ticketId, staffId }));
  const unknown = ids.filter((x) => !found.has(x));
  if (unknown.length) {
    throw new ValidationError("attachmentIds names a file that is not your unsent upload on this ticket", [
      {
        path: "attachmentIds",
        message: `upload these first with POST /api/staff/tickets/${ticketId}/uploads: ${unknown.join(", ")}`,
      },
    ]);
  }
}
