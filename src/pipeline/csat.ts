/** CSAT: the question on resolve (through the ticket's own channel) and ratings from buttons and the ticket page. */
import { CSAT_WINDOW_MS, csatQuestion, csatRefused, csatThanks } from "../core/csat";
import { newId } from "../core/ids";
import type { ChannelName, Language } from "../core/inbound";
import type { Env } from "../env";
import { createCsatRequest, readCsatTarget, recordCsatRating } from "../store/csat";
import { ticketBelongsToSender } from "../store/customer-tickets";
import { publishFeedEvent } from "./feed";
import { enqueueDelivery } from "./outbox";

/** Channels whose bots show rating buttons; the others get a link to the ticket page. */
const BUTTON_CHANNELS: ReadonlySet<ChannelName> = new Set(["telegram", "discord"]);

/**
 * Asks the customer of a just-resolved ticket for a 1-5 rating, once per ticket. Returns the
 * question's message id, or null when the ticket was asked before (or does not exist, or was opened by
 * email whose From was not proven).
 */
export async function requestCsat(
  deps: { env: Env; publicUrl: string; waitUntil: (p: Promise<unknown>) => void },
  ticketId: string,
  now: Date = new Date(),
): Promise<string | null> {
  const ticket = await readCsatTarget(deps.env.DB, ticketId);
  // Mail whose From nobody proved is asked nothing: the question would reach the address's owner, and its
  // link opens a page of the sender's words (perhaps a forger's) on our domain (security/forged-rating-link).
  if (!ticket || ticket.unprovenSender) return null;
  const link = BUTTON_CHANNELS.has(ticket.channel)
    ? null
    : `${deps.publicUrl.replace(/\/+$/, "")}/t/${ticket.accessToken}#csat`;
  const messageId = newId("msg");
  const created = await createCsatRequest(deps.env.DB, {
    ticketId,
    messageId,
    body: csatQuestion(ticket.language, ticket.number, link),
    now: now.toISOString(),
  });
  if (!created) return null;
  await enqueueDelivery(deps.env, messageId);
  deps.waitUntil(publishFeedEvent(deps.env, { type: "message.created", ticketId, messageId, direction: "out" }));
  return messageId;
}

export interface RatingResult {
  accepted: boolean;
  /** What to tell the customer. */
  text: string;
  language: Language;
}

/** A rating from a chat button: only the ticket's own customer may rate it. */
export async function rateFromChannel(
  deps: { env: Env; waitUntil: (p: Promise<unknown>) => void },
  args: {
    ticketId: string;
    rating: number;
    channel: ChannelName;
    externalId: string;
    fallbackLanguage: Language;
  },
  now: Date = new Date(),
): Promise<RatingResult> {
  const db = deps.env.DB;
  const ticket = await readCsatTarget(db, args.ticketId);
  const owner =
    ticket !== null &&
    (await ticketBelongsToSender(db, { ticketId: args.ticketId, channel: args.channel, externalId: args.externalId }));
  // Someone else's ticket is refused as a missing one, in the presser's language: its own would tell a
  // stranger that the id exists and what its customer writes in (test/integration/security/csat-oracle.test.ts).
  if (!owner) return { accepted: false, text: csatRefused(args.fallbackLanguage), language: args.fallbackLanguage };
  const lang = ticket.language;
  return rate(deps, { ticketId: args.ticketId, rating: args.rating, via: args.channel, lang }, now);
}

/** A rating from the `/t/` page (holding the ticket's secret link is the proof). */
export async function rateFromPage(
  deps: { env: Env; waitUntil: (p: Promise<unknown>) => void },
  args: { ticketId: string; rating: number; lang: Language },
  now: Date = new Date(),
): Promise<RatingResult> {
  return rate(deps, { ...args, via: "webpage" }, now);
}

async function rate(
  deps: { env: Env; waitUntil: (p: Promise<unknown>) => void },
  args: { ticketId: string; rating: number; via: string; lang: Language },
  now: Date,
): Promise<RatingResult> {
  const stored = await recordCsatRating(deps.env.DB, {
    ticketId: args.ticketId,
    rating: args.rating,
    via: args.via,
    now: now.toISOString(),
    askedAfter: new Date(now.getTime() - CSAT_WINDOW_MS).toISOString(),
  });
  if (!stored) return { accepted: false, text: csatRefused(args.lang), language: args.lang };
  deps.waitUntil(publishFeedEvent(deps.env, { type: "csat.rated", ticketId: args.ticketId, rating: args.rating }));
  return { accepted: true, text: csatThanks(args.lang, args.rating, stored.replaced), language: args.lang };
}
