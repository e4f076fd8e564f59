/**
 * The desk: the one port channels talk to. Built once per request (src/app.ts middleware, or the
 * email() handler) from that request's env, settings and waitUntil; channels call its methods and
 * import nothing from src/store or the pipeline's other files. Each method is a use case of the
 * pipeline or a typed lookup of the store; no SQL and no D1 handle crosses it. Modelled on the Chat
 * SDK's `chat.processMessage` port: the adapter parses and verifies, the desk decides and stores.
 */
import type { FeedEvent, OutboundButton } from "../core/channel";
import { newId } from "../core/ids";
import type { ChannelName, InboundMessage, Language } from "../core/inbound";
import { detectLanguage } from "../core/language";
import type { Config, Env } from "../env";
import { BOT_TEXT_PREFIX, insertBotText } from "../store/bot-outbox";
import { readSenderState, setIdentityReachable } from "../store/contacts";
import { getCsat } from "../store/csat";
import {
  conversationHasTicket,
  listSenderTickets,
  requestHuman,
  resolveActiveForNewTicket,
  resolveTicketBySender,
  senderTicketNumber,
  setCategoryBySender,
  ticketBelongsToSender,
} from "../store/customer-tickets";
import { isInboundStored } from "../store/edits";
import { readLinkReply } from "../store/ticket-access";
import { claimUpdate } from "../store/updates";
import { appendInboundPart, editInbound } from "./amend";
import { customerAttachment, customerView } from "./archive-customer";
import { chatDesk } from "./chat";
import { chooseLanguage } from "./contacts";
import { rateFromChannel } from "./csat";
import { confirmEmail, inspectConfirmation, resendConfirmation, submitClaimedTicket } from "./email-claims";
import { emailIntake } from "./email-intake";
import { publishFeedEvent } from "./feed";
import { type IngestDeps, type IngestOptions, ingestInbound, ingestKeysOf } from "./ingest";
import { linkReply, retireExposedLinkCode, verifyReply } from "./intents";
import { enqueueDelivery } from "./outbox";

export type {
  EmailIntakeState,
  EmailPrefetch,
  EmailThreadTarget,
  InboundEmailKind,
  InboundEmailRecord,
  InboundEmailSource,
  InboundEmailState,
  IngestKeys,
} from "./email-intake";
export type { IngestOutcome, IngestResult } from "./ingest";

/** What one request gives the desk. */
export interface DeskDeps {
  env: Env;
  config: Config;
  /** Where slow follow-up work goes (the request's `ctx.waitUntil`). */
  waitUntil: (p: Promise<unknown>) => void;
  now?: () => Date;
}

/** Ingest's state read ahead, with the keys it was read for: pass it back to `ingest`. */
export type PrefetchedReads = NonNullable<IngestOptions["prefetched"]>;

/** The desk for one request. */
export function createDesk(deps: DeskDeps) {
  const { env } = deps;
  const db = env.DB;
  const ingestDeps: IngestDeps = deps;
  return {
    /** Stores one inbound message (dedupe, thread, redact, triage, acknowledge): see src/pipeline/ingest.ts. */
    ingest: (msg: InboundMessage, opts?: Pick<IngestOptions, "prefetched" | "alsoWrite">) =>
      ingestInbound(ingestDeps, msg, opts),
    /** An edit of a stored inbound message (the `redacted` flag recomputed). */
    edit: (args: Parameters<typeof editInbound>[1]) => editInbound(ingestDeps, args),
    /** One more part (an album's next photo) of a stored inbound message. */
    appendPart: (args: Parameters<typeof appendInboundPart>[1]) => appendInboundPart(ingestDeps, args),
    /** Whether the provider's message is stored already (a redelivered webhook). */
    isStored: (channel: ChannelName, providerId: string) => isInboundStored(db, channel, providerId),
    /** The customer blocked or unblocked the bot. */
    setReachable: (args: { channel: ChannelName; externalId: string; reachable: boolean }) =>
      setIdentityReachable(db, args),
    /** The sender's own tickets, newest first. */
    senderTickets: (args: { channel: ChannelName; externalId: string; limit: number }) => listSenderTickets(db, args),
    /** The customer asked for a person: tags the ticket and raises its priority. */
    requestHuman: (ticketId: string) => requestHuman(db, { ticketId, now: (deps.now?.() ?? new Date()).toISOString() }),
    /** "Is this account official?" in the customer's language. */
    verifyReply: (lang: Language, query: string) => verifyReply(db, lang, query),
    /** `/link <code>`: joins this identity to the contact that issued the code. */
    linkReply: (lang: Language, who: Parameters<typeof linkReply>[2], code: string | null) =>
      linkReply(db, lang, who, code),
    /** A link code posted where others read it: nobody may redeem it any more. */
    retireExposedLinkCode: (raw: string) => retireExposedLinkCode(db, raw),
    /** The sender picked a language (and tells us their display name, redacted before it is kept). */
    chooseLanguage: (args: Parameters<typeof chooseLanguage>[1]) => chooseLanguage(db, args),
    /** A rating from a chat button. */
    rate: (args: Parameters<typeof rateFromChannel>[1]) => rateFromChannel(deps, args),
    /** Tells the staff feed. */
    publish: (event: FeedEvent) => publishFeedEvent(env, event),
    /**
     * A bot text outside any ticket (a command's answer): stored in the bot outbox and handed to the
     * deliveries queue, so it is retried, swept and failed visibly like every outbound message.
     */
    async sendBotText(args: {
      channel: ChannelName;
      conversationKey: string;
      body: string;
      buttons?: OutboundButton[][];
    }): Promise<{ messageId: string }> {
      const id = newId(BOT_TEXT_PREFIX);
      await insertBotText(db, {
        id,
        channel: args.channel,
        conversationKey: args.conversationKey,
        body: args.body,
        buttons: args.buttons?.length ? args.buttons : null,
        // The verify reminder under it is added in the language of the text itself.
        language: detectLanguage(args.body),
        now: (deps.now?.() ?? new Date()).toISOString(),
      });
      await enqueueDelivery(env, id);
      return { messageId: id };
    },

    telegram: {
      /** Claims an update id once (Telegram redelivers until it hears 200). */
      claimUpdate: (key: string) => claimUpdate(db, key, deps.now?.() ?? new Date()),
      senderState: (args: Parameters<typeof readSenderState>[1]) => readSenderState(db, args),
      resolveActiveForNewTicket: (args: Parameters<typeof resolveActiveForNewTicket>[1]) =>
        resolveActiveForNewTicket(db, args),
      setCategory: (args: Parameters<typeof setCategoryBySender>[1]) => setCategoryBySender(db, args),
    },
    discord: {
      resolveTicket: (args: Parameters<typeof resolveTicketBySender>[1]) => resolveTicketBySender(db, args),
      ticketNumber: (args: Parameters<typeof senderTicketNumber>[1]) => senderTicketNumber(db, args),
      /** Whether a ticket started in this conversation (a thread the relay sees is support only then). */
      conversationHasTicket: (conversationKey: string) => conversationHasTicket(db, conversationKey),
    },
    /** Inbound email: one round trip of reads, then typed writes (src/pipeline/email-intake.ts). */
    email: emailIntake(deps),
    /** Live chat (the web channel made live): sessions, the widget's messages, rooms (src/pipeline/chat.ts). */
    chat: chatDesk(deps),
    webform: {
      /** A new web-form ticket whose sender typed an address (a claim until its link is followed). */
      submit: (msg: InboundMessage, args: Parameters<typeof submitClaimedTicket>[2]) =>
        submitClaimedTicket(ingestDeps, msg, args),
      /** What the customer's `/t/` page shows; null for an unknown link. */
      customerView: (accessToken: string) => customerView(env, accessToken),
      customerAttachment: (args: { accessToken: string; attachmentId: string }) => customerAttachment(env, args),
      csatOf: (ticketId: string) => getCsat(db, ticketId),
      /**
       * The ticket behind a `/t/` link and everything ingesting a reply to it needs, in one round
       * trip; hand `prefetched` to `ingest` (the reply then costs two in all).
       */
      async readLinkReply(accessToken: string, replyKey: string) {
        const { ticket, ingest } = await readLinkReply(db, { accessToken, replyKey });
        return {
          ticket,
          prefetch: (msg: InboundMessage): PrefetchedReads => ({ keys: ingestKeysOf(msg), state: ingest }),
        };
      },
      ticketBelongsToSender: (args: Parameters<typeof ticketBelongsToSender>[1]) => ticketBelongsToSender(db, args),
      inspectConfirmation: (token: string) => inspectConfirmation(env, token),
      confirmEmail: (token: string) => confirmEmail(deps, token),
      resendConfirmation: (args: Parameters<typeof resendConfirmation>[1]) => resendConfirmation(deps, args),
    },
  };
}

/** The port channels are handed (c.var.desk). */
export type Desk = ReturnType<typeof createDesk>;
