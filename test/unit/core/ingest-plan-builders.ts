/** Builders for the ingest planner's tests: random messages, read states and a sequence of ids. */
import type { IdSource } from "../../../src/core/ids";
import type { ChannelName, InboundMessage } from "../../../src/core/inbound";
import { CHANNELS } from "../../../src/core/inbound";
import type { IngestState } from "../../../src/core/ingest";
import type { IngestPlanInput } from "../../../src/core/ingest-plan";
import type { TicketStatus } from "../../../src/core/ticket";
import { compileRules } from "../../../src/core/triage";
import { DEFAULT_TRIAGE_RULES } from "../../../src/core/triage-rules";
import { pick, randomInt, randomToken } from "../../support/phrases";

export const RULES = compileRules(DEFAULT_TRIAGE_RULES);
export const DAY = 86_400_000;
export const SETTINGS = { reopenWindowDays: 1 + randomInt(14), firstResponseHours: 1 + randomInt(48) };
export const ROUNDS = 25;

/** Ids from a sequence, so a plan can be checked exactly and made twice. */
export function sequenceIds(): IdSource & { issued: string[] } {
  const issued: string[] = [];
  let n = 0;
  return {
    issued,
    newId: (prefix) => {
      const id = `${prefix}_${++n}`;
      issued.push(id);
      return id;
    },
    newSecret: () => {
      const s = `secret_${++n}`;
      issued.push(s);
      return s;
    },
  };
}

/** Words with no intent, no secret, no hand-off request: a plain question in either language. */
export function plainText(): string {
  return pick([
    `My deposit ${randomToken()} has not arrived`,
    `Where is my withdrawal ${randomToken()}?`,
    `KYC was rejected twice, reference ${randomToken()}`,
    `我的充值 ${randomToken()} 还没到账`,
    `提现 ${randomToken()} 一直在处理中`,
  ]);
}

export function message(over: Partial<InboundMessage> = {}): InboundMessage {
  const channel: ChannelName = pick(CHANNELS);
  return {
    channel,
    providerMessageId: randomToken("pm"),
    conversationKey: `${channel}:${randomToken("cv")}`,
    sender: { externalId: randomToken("ex"), displayName: pick(["Ann", "李雷", "Bo"]) },
    text: plainText(),
    attachments: [],
    sentAt: new Date(),
    ...over,
  };
}

export function emptyState(over: Partial<IngestState> = {}): IngestState {
  return {
    duplicate: null,
    latest: null,
    contactId: null,
    preferredLanguage: null,
    triage: { rules: DEFAULT_TRIAGE_RULES, articles: [], latest: null },
    thread: null,
    ...over,
  };
}

/** A conversation's latest ticket; `merged` puts the message on another ticket of the same customer. */
export function latest(status: TicketStatus, now: Date, opts: { resolvedDaysAgo?: number; merged?: boolean } = {}) {
  const own = randomToken("tk");
  return {
    id: opts.merged ? randomToken("into") : own,
    conversationTicketId: own,
    status,
    resolvedAt:
      opts.resolvedDaysAgo === undefined ? null : new Date(now.getTime() - opts.resolvedDaysAgo * DAY).toISOString(),
    language: pick(["en", "zh"] as const),
    ticketNumber: 1001 + randomInt(90_000),
    accessToken: randomToken("tok"),
  };
}

export function input(over: Partial<IngestPlanInput> & { msg?: InboundMessage; state?: IngestState }): IngestPlanInput {
  return {
    state: emptyState(),
    msg: message(),
    secrets: [],
    attachments: [],
    settings: SETTINGS,
    rules: RULES,
    now: new Date(Date.UTC(2026, 0, 1 + randomInt(300), randomInt(24))),
    ids: sequenceIds(),
    ...over,
  };
}
