/**
 * What triage adds to an inbound message's plan, decided without I/O: entities, category and
 * priority, and the bot's first answers (safety warning, knowledge base, hand-off to a person).
 */

import { humanText } from "./chat";
import { type Entity, extractEntities } from "./entities";
import type { IdSource } from "./ids";
import type { InboundMessage, Language } from "./inbound";
import type { BotMessageRow, TriageState, TriageWrite } from "./ingest";
import type { DetectedIntent } from "./intents";
import { asksForHuman, matchArticles } from "./kb";
import type { SecretKind } from "./redact";
import { handoffText, kbAnswerText, secretSafetyWarning } from "./replies";
import { withoutSystemMarks } from "./system-marks";
import { CATEGORIES, type Category, type Priority } from "./ticket";
import { type CompiledRules, maxPriority, triage } from "./triage";

/** Entities of a (redacted) message: its text, subject, and what a form collected (UID, TxID). */
export function entitiesOf(msg: Pick<InboundMessage, "text" | "subject" | "metadata">): Entity[] {
  const meta = msg.metadata ?? {};
  const found = extractEntities([msg.subject ?? "", msg.text, ...Object.values(meta)].join("\n"));
  if (meta.uid && /^\d{4,20}$/.test(meta.uid.trim()) && !found.some((e) => e.kind === "uid")) {
    found.push({ kind: "uid", value: meta.uid.trim(), chain: null });
  }
  return found;
}

export interface TriagePlan {
  /** The category of a new ticket (a customer's own choice wins over triage). */
  category: Category | string;
  priority: Priority;
  write: TriageWrite;
  /** Bot messages queued with this message (safety warning, hand-off, KB answer on a later message). */
  replies: BotMessageRow[];
  /** Appended to the acknowledgement of a new ticket: the KB answer. */
  ackSuffix: string;
}

/** Decides triage, entities and the bot's answers for one (already redacted) message. */
export function planTriage(args: {
  msg: InboundMessage;
  secrets: SecretKind[];
  language: Language;
  action: "new" | "reopen" | "append";
  /** The ticket the message goes to, unless it opens a new one. */
  ticketId: string | null;
  state: TriageState;
  /** `state.rules`, compiled (the pipeline keeps them compiled per isolate). */
  rules: CompiledRules;
  intent: DetectedIntent | null;
  /** Whether an acknowledgement goes out with this message. */
  acknowledged: boolean;
  ids: IdSource;
}): TriagePlan {
  const { msg, language, state } = args;
  const entities = entitiesOf(msg);
  // Our own marks ("[Unverified sender]") are not the customer's words: triage never reads them.
  const result = triage(args.rules, `${msg.subject ?? ""}\n${withoutSystemMarks(msg.text)}`, {
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
  const articles = botMayAnswer
    ? matchArticles(withoutSystemMarks(msg.text), language, state.articles, same?.suggested)
    : [];

  const replies: BotMessageRow[] = [];
  if (args.secrets.length) replies.push({ id: args.ids.newId("msg"), body: secretSafetyWarning(language) });
  if (handoff && !muted && !isCommand)
    replies.push({ id: args.ids.newId("msg"), body: msg.chatBot?.handoffText ?? handoffText(language) });
  // In the chat widget, the "talk to a person" button is always there: the answer points at it.
  const answer = articles.length ? kbAnswerText(language, articles, msg.chatBot ? humanText(language) : undefined) : "";
  if (answer && !args.acknowledged) replies.push({ id: args.ids.newId("msg"), body: answer });

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
