/**
 * The two tables an outbox id can name, behind one shape: outbound `messages` rows (staff replies,
 * bot answers on a ticket) and the bot's own texts outside any ticket (`bot_messages`, ids `bot_…`).
 * deliverOutbound() claims, marks and resumes through it, so both follow the same delivery rules.
 */
import type { OutboundButton } from "../core/channel";
import {
  claimBotText,
  isBotTextId,
  markBotTextFailed,
  markBotTextRetrying,
  markBotTextSent,
  recordBotTextPart,
} from "../store/bot-outbox";
import {
  claimDelivery,
  listSentParts,
  markFailed,
  markRetrying,
  markSent,
  type OutboundRecord,
  readClaimedDelivery,
  recordSentPart,
} from "../store/outbox";

/** A claimed row: a bot text also carries its buttons and the parts the provider already accepted. */
export type ClaimedOutbound = OutboundRecord & { buttons?: OutboundButton[][] | null; sentParts?: string[] };

/** What the delivery pipeline does with an outbox row, whichever table holds it. */
export interface OutboxTable {
  /** Bot texts belong to no ticket: staff have no feed for them, so a failure is logged instead. */
  readonly botTexts: boolean;
  claim(db: D1Database, id: string, now: Date): Promise<ClaimedOutbound | null>;
  /** A row stored already claimed with this lease (ingest's eager send): read it if the lease still holds. */
  readClaimed?(db: D1Database, id: string, leaseUntil: string): Promise<ClaimedOutbound | null>;
  markSent(db: D1Database, id: string, providerMessageId: string, now: Date): Promise<void>;
  markRetrying(db: D1Database, id: string, error: string, nextAttemptAt: Date): Promise<void>;
  markFailed(db: D1Database, id: string, error: string): Promise<void>;
  /** The provider ids of the parts of a split message already accepted, in order. */
  sentParts(db: D1Database, record: ClaimedOutbound): Promise<string[]>;
  recordPart(db: D1Database, record: ClaimedOutbound, partId: string, now: Date): Promise<void>;
}

const MESSAGES: OutboxTable = {
  botTexts: false,
  claim: claimDelivery,
  readClaimed: readClaimedDelivery,
  markSent,
  markRetrying,
  markFailed,
  sentParts: (db, r) => listSentParts(db, r.channel, r.messageId),
  recordPart: (db, r, partId, now) =>
    recordSentPart(db, { channel: r.channel, providerPartId: partId, messageId: r.messageId, now }),
};

const BOT_TEXTS: OutboxTable = {
  botTexts: true,
  claim: claimBotText,
  markSent: markBotTextSent,
  markRetrying: markBotTextRetrying,
  markFailed: markBotTextFailed,
  sentParts: async (_db, r) => [...(r.sentParts ?? [])],
  recordPart: (db, r, partId) => recordBotTextPart(db, r.messageId, partId),
};

/** The table an outbox id lives in, by its prefix. */
export function outboxTableOf(id: string): OutboxTable {
  return isBotTextId(id) ? BOT_TEXTS : MESSAGES;
}
