/**
 * Customer requests any channel can carry: ticket status, "is this account yours?", and
 * identity linking. Bot commands call the *Reply functions directly; text that reaches
 * ingest (web form, email, chat messages) is answered on its ticket by answerTextIntent().
 */
import { newId, sha256Hex } from "../core/ids";
import type { ChannelName, InboundMessage, Language } from "../core/inbound";
import { type DetectedIntent, isPersonalIntent, privateOnlyText, ticketNotFoundText } from "../core/intents";
import {
  LINK_CODE_TTL_MS,
  LINK_FAILURE_WINDOW_MS,
  type LinkedAccount,
  type LinkOutcome,
  linkedText,
  linkIssuedText,
  linkOutcomeText,
  linkRole,
  mayAttemptLink,
  newLinkCode,
  normalizeLinkCode,
} from "../core/linking";
import { redactSecrets } from "../core/redact";
import { ticketListText } from "../core/replies";
import { formatTicketNumber } from "../core/ticket";
import { verifyHandle } from "../core/verify";
import { verifyAnswer } from "../core/verify-texts";
import { logError } from "../log";
import {
  findSenderTicketByNumber,
  listSenderTickets,
  ticketBelongsToSender,
  ticketSummary,
} from "../store/customer-tickets";
import { issueLinkCode, readLinkState, recordLinkFailure, redeemLinkCode, retireLinkCode } from "../store/link-codes";
import { insertBotMessage } from "../store/messages";
import { listOfficialHandles } from "../store/official-handles";
import { publishFeedEvent } from "./feed";
import type { IngestDeps } from "./ingest";
import { enqueueDelivery } from "./outbox";
import { redactName } from "./triage";

/** A customer as one channel knows them. */
export interface CustomerIdentity {
  channel: ChannelName;
  externalId: string;
  displayName?: string | null;
}

const NO_TICKETS: Record<Language, string> = {
  en: "You have no tickets yet. Write to us and we will open one.",
  zh: "您还没有工单。请直接描述您的问题，我们会为您创建工单。",
};

const WEBFORM_PRIVATE: Record<Language, string> = {
  en: "For your privacy the web form cannot list tickets: open the link we gave you for each ticket, or ask with /status in our Telegram or Discord bot.",
  zh: "为保护您的隐私，网页表单无法列出工单：请打开每个工单对应的专属链接，或在我们的 Telegram / Discord 机器人中发送 /status 查询。",
};

/** `/status [RD-1042]`: the sender's own tickets (by the contact behind their identity), never anyone else's. */
export async function statusReply(
  db: D1Database,
  lang: Language,
  who: CustomerIdentity,
  number: number | null,
): Promise<string> {
  if (number !== null) {
    const ticket = await findSenderTicketByNumber(db, { ...who, number });
    return ticket ? ticketListText(lang, [ticket]) : ticketNotFoundText(lang, formatTicketNumber(number));
  }
  const tickets = await listSenderTickets(db, { ...who, limit: 10 });
  return tickets.length ? ticketListText(lang, tickets) : NO_TICKETS[lang];
}

/** `/verify <query>` against the admin list. */
export async function verifyReply(db: D1Database, lang: Language, query: string): Promise<string> {
  // The answer repeats the query and is stored (the bot's outbox): a secret pasted after /verify is redacted.
  return verifyAnswer(lang, verifyHandle(await listOfficialHandles(db), redactSecrets(query).text));
}

/** `/link`: issues a code; `/link <code>`: links this identity to the code's contact. */
export async function linkReply(
  db: D1Database,
  lang: Language,
  sender: CustomerIdentity,
  code: string | null,
  now: Date = new Date(),
): Promise<string> {
  // Issuing and redeeming may create the contact and identity: their name is stored redacted.
  const who = { ...sender, displayName: redactName(sender.displayName ?? null) };
  const role = linkRole(who.channel);
  const nowIso = now.toISOString();
  if (code === null) {
    if (!role.issue) return linkOutcomeText(lang, "not_here");
    const fresh = newLinkCode();
    await issueLinkCode(db, {
      id: newId("lnk"),
      codeHash: await sha256Hex(normalizeLinkCode(fresh) as string),
      channel: who.channel,
      externalId: who.externalId,
      displayName: who.displayName ?? null,
      contactId: newId("con"),
      identityId: newId("idn"),
      now: nowIso,
      expiresAt: new Date(now.getTime() + LINK_CODE_TTL_MS).toISOString(),
    });
    return linkIssuedText(lang, fresh);
  }
  if (!role.redeem) return linkOutcomeText(lang, "not_here");
  const outcome = await redeem(db, who, code, now);
  return typeof outcome === "string" ? linkOutcomeText(lang, outcome) : linkedText(lang, outcome.joined);
}

/**
 * A link code someone posted where others read along no longer works (whoever reads it could
 * otherwise put their own account on the code owner's contact). Returns whether one was retired.
 */
export async function retireExposedLinkCode(db: D1Database, raw: string, now: Date = new Date()): Promise<boolean> {
  const normal = normalizeLinkCode(raw);
  if (!normal) return false;
  return retireLinkCode(db, { codeHash: await sha256Hex(normal), now: now.toISOString() });
}

/** Redeems a code: an outcome to tell, or the account that was joined (named in the answer, so a victim notices). */
async function redeem(
  db: D1Database,
  who: CustomerIdentity,
  raw: string,
  now: Date,
): Promise<LinkOutcome | { joined: LinkedAccount }> {
  const normal = normalizeLinkCode(raw);
  const state = await readLinkState(db, {
    codeHash: normal ? await sha256Hex(normal) : null,
    channel: who.channel,
    externalId: who.externalId,
  });
  if (!mayAttemptLink(state.attempts, now)) return "too_many_attempts";
  const fail = async (outcome: LinkOutcome) => {
    await recordLinkFailure(db, {
      channel: who.channel,
      externalId: who.externalId,
      now: now.toISOString(),
      windowCutoff: new Date(now.getTime() - LINK_FAILURE_WINDOW_MS).toISOString(),
    });
    return outcome;
  };
  const code = state.code;
  if (!code) return fail("invalid");
  if (code.channel === who.channel && code.externalId === who.externalId) return "own_code";
  if (code.usedAt) return fail("used");
  if (Date.parse(code.expiresAt) <= now.getTime()) return fail("expired");
  if (state.redeemer?.group === code.group) return "already_linked";
  const linked = await redeemLinkCode(db, {
    codeId: code.id,
    channel: who.channel,
    externalId: who.externalId,
    displayName: who.displayName ?? null,
    contactId: newId("con"),
    identityId: newId("idn"),
    now: now.toISOString(),
  });
  return linked ? { joined: { channel: code.channel, displayName: code.displayName } } : fail("used");
}

/**
 * Answers a request that arrived as text on a ticket: the answer is a bot message on that
 * ticket, sent through its channel. A ticket the request alone opened is resolved with it.
 */
export async function answerTextIntent(
  deps: IngestDeps,
  args: {
    detected: DetectedIntent;
    msg: InboundMessage;
    /** Where the message is stored (the bot's answer goes there too). */
    ticketId: string;
    /** The message's own conversation ticket: what a web-form writer may be told about. */
    conversationTicketId: string;
    inboundMessageId: string;
    created: boolean;
    language: Language;
  },
): Promise<void> {
  try {
    await answer(deps, args);
  } catch (err) {
    // The customer's message is stored; a failed bot answer must not fail (and redeliver) it.
    logError("text request answer failed", { ticketId: args.ticketId, error: String(err) });
  }
}

async function answer(deps: IngestDeps, args: Parameters<typeof answerTextIntent>[1]): Promise<void> {
  const { env } = deps;
  const db = env.DB;
  const { intent, only } = args.detected;
  const lang = args.language;
  const who: CustomerIdentity = {
    channel: args.msg.channel,
    externalId: args.msg.sender.externalId,
    displayName: args.msg.sender.displayName ?? null,
  };
  const now = deps.now?.() ?? new Date();
  let body: string;
  if (
    who.channel !== "webform" &&
    isPersonalIntent(intent) &&
    !(await answersPrivately(db, args.msg, args.conversationTicketId))
  ) {
    // Asked in a group, a server thread, or someone else's email thread: the answer would be read
    // by others than the asker (their ticket list, their link code). A posted code is retired.
    const retired =
      intent.kind === "link" && intent.code !== null && (await retireExposedLinkCode(db, intent.code, now));
    body = privateOnlyText(lang, retired);
  } else if (intent.kind === "status") {
    body =
      who.channel === "webform"
        ? await webformStatus(db, lang, args.conversationTicketId, args.created, intent.number)
        : await statusReply(db, lang, who, intent.number);
  } else if (intent.kind === "verify") {
    body = await verifyReply(db, lang, intent.query);
  } else if (who.channel === "email" && !args.msg.sender.emailVerified) {
    // A From that failed SPF/DKIM/DMARC proves no mailbox: no code goes out for it (a forger would
    // have our mail invite the address's owner to join the forger's contact).
    body = linkOutcomeText(lang, "not_here");
  } else {
    body = await linkReply(db, lang, who, intent.code, now);
  }
  const id = newId("msg");
  await insertBotMessage(db, {
    id,
    ticketId: args.ticketId,
    body,
    replyToMessageId: args.inboundMessageId,
    now: now.toISOString(),
    resolve: args.created && only,
  });
  await enqueueDelivery(env, id);
  deps.waitUntil(
    publishFeedEvent(env, { type: "message.created", ticketId: args.ticketId, messageId: id, direction: "out" }),
  );
}

/**
 * Whether an answer on this conversation reaches only the asker: a conversation nobody else reads
 * (the channel says so), whose ticket is the asker's own (not a thread they were copied into).
 */
async function answersPrivately(db: D1Database, msg: InboundMessage, conversationTicketId: string): Promise<boolean> {
  if (msg.sharedConversation) return false;
  return ticketBelongsToSender(db, {
    ticketId: conversationTicketId,
    channel: msg.channel,
    externalId: msg.sender.externalId,
  });
}

/**
 * The web form's identity is an email address nobody proved to own, so it only ever shows the
 * ticket whose secret link the writer holds (the one this message was added to).
 */
async function webformStatus(
  db: D1Database,
  lang: Language,
  ticketId: string,
  created: boolean,
  number: number | null,
): Promise<string> {
  if (created) return WEBFORM_PRIVATE[lang];
  const ticket = await ticketSummary(db, ticketId);
  if (!ticket) return WEBFORM_PRIVATE[lang];
  if (number !== null && formatTicketNumber(number) !== ticket.number) {
    return `${ticketNotFoundText(lang, formatTicketNumber(number))}\n${WEBFORM_PRIVATE[lang]}`;
  }
  return ticketListText(lang, [ticket]);
}
