/**
 * Where a staff reply goes on a ticket merged from several customers' tickets: the customer message chosen ("Reply to
 * this"), else the conversation pinned when the draft began, else the latest customer message's. Pinned, so a message
 * another customer writes while the agent types never turns the answer towards them (the reply carries it to the API
 * as `conversationId`).
 */
import type { Conversation, TicketDetail } from "./types";

/** What the reply box answers: a chosen message, or the conversation pinned at the draft's start. */
export interface ReplyChoice {
  replyTo: string | null;
  pinned: string | null;
}

export function conversationIn(detail: TicketDetail | null, ticketId: string | undefined | null): Conversation | null {
  return detail?.ticket.conversations?.find((c) => c.ticketId === ticketId) ?? null;
}

/** The conversation a reply goes to, as the API will send it. */
export function replyTargetOf(detail: TicketDetail | null, choice: ReplyChoice): Conversation | null {
  if (!detail) return null;
  const inbound = detail.messages.filter((m) => m.direction === "in");
  const chosen = inbound.find((m) => m.id === choice.replyTo);
  if (chosen) return conversationIn(detail, chosen.originTicketId) ?? conversationIn(detail, detail.ticket.id);
  const pinned = conversationIn(detail, choice.pinned);
  if (pinned) return pinned;
  return conversationIn(detail, inbound.at(-1)?.originTicketId) ?? conversationIn(detail, detail.ticket.id);
}

/** The reply's target fields for the API: the chosen message, else the conversation the box showed. */
export function replyTargetFields(
  detail: TicketDetail | null,
  choice: ReplyChoice,
): { replyToMessageId: string } | { conversationId: string } | Record<string, never> {
  if (choice.replyTo) return { replyToMessageId: choice.replyTo };
  const target = replyTargetOf(detail, choice);
  return target ? { conversationId: target.ticketId } : {};
}
