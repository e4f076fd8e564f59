/**
 * What ingest adds to every inbound message: secret redaction (before anything is stored),
 * entity extraction, triage, and the bot's first answers (safety warning, knowledge base,
 * hand-off to a person).
 */
import { type Entity, extractEntities } from "../core/entities";
import { newId } from "../core/ids";
import type { InboundMessage, Language } from "../core/inbound";
import type { DetectedIntent } from "../core/intents";
import { asksForHuman, matchArticles } from "../core/kb";
import { redactParts, redactSecrets, SECRET_KINDS, type SecretKind } from "../core/redact";
import { redactFiles } from "../core/redact-files";
import { redactThread, THREAD_CONCURRENT_MS, THREAD_MAX_REORDERED } from "../core/redact-thread";
import { handoffText, kbAnswerText, secretSafetyWarning } from "../core/replies";
import type { Category, Priority } from "../core/ticket";
import { CATEGORIES } from "../core/ticket";
import { type CompiledRules, compileRules, maxPriority, triage } from "../core/triage";
import { DEFAULT_TRIAGE_RULES } from "../core/triage-rules";
import { logError } from "../log";
import type { BotMessageRow, IngestWrite } from "../store/ingest";
import { insertBotMessage } from "../store/messages";
import type { ThreadState } from "../store/thread";
import { type IntelState, type IntelWrite, recordAmendmentIntel } from "../store/triage";
import { publishFeedEvent } from "./feed";
import type { IngestDeps } from "./ingest";
import { enqueueDelivery } from "./outbox";

/**
 * The one place every channel's message passes before any write: text, subject, display name,
 * metadata and files with secrets replaced by markers. The fields a customer fills in together
 * (name, subject, text, then the form's UID and TxID, in the order a form shows them) are
 * redacted as one text, so a secret running from one field into the next is found; file names
 * likewise; a text file holding a secret is replaced by a notice (src/core/redact-files.ts).
 * A secret running over the conversation's earlier messages is ingest's next step (redactThread).
 */
export function redactInbound(msg: InboundMessage): { msg: InboundMessage; secrets: SecretKind[] } {
  const meta = Object.entries(msg.metadata ?? {});
  const name = msg.sender.displayName;
  const fields = redactParts([name ?? "", msg.subject ?? "", msg.text, ...meta.map(([, v]) => v)]);
  const [cleanName, subject, text, ...values] = fields.parts as [string, string, string, ...string[]];
  const files = redactFiles(msg.attachments);
  const redacted: InboundMessage = {
    ...msg,
    text,
    attachments: files.files,
    sender: { ...msg.sender, ...(name !== undefined ? { displayName: cleanName } : {}) },
  };
  if (msg.subject !== undefined) redacted.subject = subject;
  if (msg.metadata) redacted.metadata = Object.fromEntries(meta.map(([k], i) => [k, values[i] ?? ""]));
  return { msg: redacted, secrets: SECRET_KINDS.filter((k) => fields.kinds.includes(k) || files.kinds.includes(k)) };
}

/**
 * A secret running from the sender's recent messages on the ticket into this (already
 * redacted) message: this text with its pieces replaced, and the writes for the earlier
 * pieces (with the check that those messages are still as read). No `thread` (a new ticket,
 * or another one than the message goes to): nothing to do.
 */
export function redactAcrossMessages(
  thread: ThreadState | null,
  decision: { action: string; ticketId?: string },
  msg: InboundMessage,
  now: Date,
): { text: string; kinds: SecretKind[]; write: NonNullable<IngestWrite["thread"]> | null } {
  if (!thread || thread.ticketId !== decision.ticketId) return { text: msg.text, kinds: [], write: null };
  // Messages stored just before this one may have been sent after it (concurrent deliveries).
  const recent = thread.context.earlier.filter((m) => Date.parse(m.createdAt) > now.getTime() - THREAD_CONCURRENT_MS);
  const out = redactThread(thread.context, msg.text, Math.min(recent.length, THREAD_MAX_REORDERED));
  return { text: out.text, kinds: out.kinds, write: { guard: thread, earlier: out.earlier, subject: out.subject } };
}

/** Tells staff tabs about earlier messages (and a subject) that a split secret's redaction rewrote. */
export async function publishRedactedEarlier(
  env: IngestDeps["env"],
  ticketId: string,
  thread: Pick<NonNullable<IngestWrite["thread"]>, "earlier" | "subject">,
): Promise<void> {
  for (const c of thread.earlier) await publishFeedEvent(env, { type: "message.updated", ticketId, messageId: c.id });
  if (thread.subject) await publishFeedEvent(env, { type: "ticket.updated", ticketId, changes: ["subject"] });
}

/** A display name as it may be stored (set by ingest, the language button, `/link`...): secrets replaced. */
export function redactName<T extends string | null | undefined>(name: T): T {
  return (typeof name === "string" ? redactSecrets(name).text : name) as T;
}

/** Redacts a text amendment (an edit, an album caption). */
export function redactText(text: string): { text: string; secrets: SecretKind[] } {
  const out = redactSecrets(text);
  return { text: out.text, secrets: out.kinds };
}

/** Entities of a (redacted) message: its text, subject, and what a form collected (UID, TxID). */
export function entitiesOf(msg: Pick<InboundMessage, "text" | "subject" | "metadata">): Entity[] {
  const meta = msg.metadata ?? {};
  const found = extractEntities([msg.subject ?? "", msg.text, ...Object.values(meta)].join("\n"));
  if (meta.uid && /^\d{4,20}$/.test(meta.uid.trim()) && !found.some((e) => e.kind === "uid")) {
    found.push({ kind: "uid", value: meta.uid.trim(), chain: null });
  }
  return found;
}

/**
 * Rule sets compiled in this isolate, keyed by the rules object: the store hands out the same
 * object while the stored JSON is unchanged (src/store/triage.ts), so a message neither
 * re-serializes the rules nor rebuilds their regexes; edited rules are a new object.
 */
const COMPILED = new WeakMap<IntelState["rules"], CompiledRules>();

/** Stored rules compiled; rules that no longer compile fall back to the defaults rather than losing messages. */
function compiled(rules: IntelState["rules"]): CompiledRules {
  const hit = COMPILED.get(rules);
  if (hit) return hit;
  let c: CompiledRules;
  try {
    c = compileRules(rules);
  } catch (err) {
    logError("stored triage rules do not compile; using the defaults", String(err));
    c = compileRules(DEFAULT_TRIAGE_RULES);
  }
  COMPILED.set(rules, c);
  return c;
}

export interface IntelPlan {
  /** The category of a new ticket (a customer's own choice wins over triage). */
  category: Category | string;
  priority: Priority;
  write: IntelWrite;
  /** Bot messages queued with this message (safety warning, hand-off, KB answer on a later message). */
  replies: BotMessageRow[];
  /** Appended to the acknowledgement of a new ticket: the KB answer. */
  ackSuffix: string;
}

/** Decides triage, entities and the bot's answers for one (already redacted) message. */
export function planIntel(args: {
  msg: InboundMessage;
  secrets: SecretKind[];
  language: Language;
  action: "new" | "reopen" | "append";
  /** The ticket the message goes to, unless it opens a new one. */
  ticketId: string | null;
  state: IntelState;
  intent: DetectedIntent | null;
  /** Whether an acknowledgement goes out with this message. */
  acknowledged: boolean;
}): IntelPlan {
  const { msg, language, state } = args;
  const entities = entitiesOf(msg);
  const result = triage(compiled(state.rules), `${msg.subject ?? ""}\n${msg.text}`, {
    entities: entities.map((e) => e.kind),
    language,
  });
  // A pasted secret means a compromised wallet: time matters.
  const priority = args.secrets.length ? maxPriority(result.priority, "high") : result.priority;
  const chosen = msg.category && msg.category !== "other" ? msg.category : null;
  // A rule that sets the category (a stolen account is security) wins over the form's choice too.
  const category = result.categorySet ? result.category : (chosen ?? result.category);

  const same = args.action !== "new" && state.latest?.ticketId === args.ticketId ? state.latest : null;
  const muted = same?.botMuted ?? false;
  const isCommand = msg.text.trimStart().startsWith("/");
  const handoff = asksForHuman(msg.text);
  const botMayAnswer = !muted && !handoff && !args.intent && !isCommand;
  const articles = botMayAnswer ? matchArticles(msg.text, language, state.articles, same?.suggested) : [];

  const replies: BotMessageRow[] = [];
  if (args.secrets.length) replies.push({ id: newId("msg"), body: secretSafetyWarning(language) });
  if (handoff && !muted && !isCommand) replies.push({ id: newId("msg"), body: handoffText(language) });
  const answer = articles.length ? kbAnswerText(language, articles) : "";
  if (answer && !args.acknowledged) replies.push({ id: newId("msg"), body: answer });

  return {
    category,
    priority,
    write: {
      priority,
      category:
        args.action === "new"
          ? null
          : (CATEGORIES as readonly string[]).includes(category) && category !== "other"
            ? (category as Category)
            : null,
      forceCategory: result.categorySet,
      entities,
      suggestedArticleIds: articles.map((a) => a.id),
      handoff,
    },
    replies,
    ackSuffix: answer && args.acknowledged ? `\n\n${answer}` : "",
  };
}

/**
 * After a stored message was amended with (already redacted) text: store its entities and,
 * when the text carried a secret, warn the customer on the ticket's channel.
 */
export async function afterAmendment(
  deps: IngestDeps,
  args: { ticketId: string; messageId: string; text: string; secrets: SecretKind[] },
): Promise<void> {
  const entities = extractEntities(args.text);
  if (!entities.length && !args.secrets.length) return;
  const now = (deps.now?.() ?? new Date()).toISOString();
  const lang = await recordAmendmentIntel(deps.env.DB, {
    ticketId: args.ticketId,
    messageId: args.messageId,
    entities,
    redacted: args.secrets.length > 0,
    now,
  });
  if (!args.secrets.length || !lang) return;
  const id = newId("msg");
  await insertBotMessage(deps.env.DB, {
    id,
    ticketId: args.ticketId,
    body: secretSafetyWarning(lang),
    replyToMessageId: args.messageId,
    now,
  });
  await enqueueDelivery(deps.env, id);
}
