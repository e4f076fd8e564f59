/**
 * What ingest adds to every inbound message: secret redaction (before anything is stored),
 * the triage rules compiled once per isolate, and what follows an amended message (its entities,
 * a safety warning). What triage decides for a new message is src/core/triage-plan.ts (pure).
 */
import { extractEntities } from "../core/entities";
import { newId } from "../core/ids";
import type { InboundMessage } from "../core/inbound";
import type { ThreadWrite, TriageState } from "../core/ingest";
import { redactParts, redactSecrets, SECRET_KINDS, type SecretKind } from "../core/redact";
import { redactFiles } from "../core/redact-files";
import type { OriginalText } from "../core/redact-thread";
import { secretSafetyWarning } from "../core/replies";
import { type CompiledRules, compileRules } from "../core/triage";
import { DEFAULT_TRIAGE_RULES } from "../core/triage-rules";
import { logError } from "../log";
import { insertBotMessage } from "../store/messages";
import { recordAmendmentTriage } from "../store/triage";
import { publishFeedEvent } from "./feed";
import type { IngestDeps } from "./ingest";
import { enqueueDelivery } from "./outbox";

/**
 * The one place every channel's message passes before any write: text, subject, display name,
 * metadata and files with secrets replaced by markers. The fields a customer fills in together
 * (name, subject, text, then the form's UID and TxID, in the order a form shows them) are
 * redacted as one text, so a secret running from one field into the next is found; file names
 * likewise; a text file holding a secret is replaced by a notice (src/core/redact-files.ts).
 * A secret running over the conversation's earlier messages is ingest's next step (redactThread),
 * which also reads `original`: the text as it arrived with where its secrets were, never stored.
 */
export function redactInbound(msg: InboundMessage): {
  msg: InboundMessage;
  secrets: SecretKind[];
  original: OriginalText;
} {
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
  return {
    msg: redacted,
    secrets: SECRET_KINDS.filter((k) => fields.kinds.includes(k) || files.kinds.includes(k)),
    original: { text: msg.text, spans: fields.spans[2] ?? [] },
  };
}

/** Tells staff tabs about earlier messages (and a subject) that a split secret's redaction rewrote. */
export async function publishRedactedEarlier(
  env: IngestDeps["env"],
  ticketId: string,
  thread: Pick<ThreadWrite, "earlier" | "subject">,
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

/**
 * Rule sets compiled in this isolate, keyed by the rules object: the store hands out the same
 * object while the stored JSON is unchanged (src/store/triage.ts), so a message neither
 * re-serializes the rules nor rebuilds their regexes; edited rules are a new object.
 */
const COMPILED = new WeakMap<TriageState["rules"], CompiledRules>();

/** Stored rules compiled; rules that no longer compile fall back to the defaults rather than losing messages. */
export function compiledRules(rules: TriageState["rules"]): CompiledRules {
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
  const lang = await recordAmendmentTriage(deps.env.DB, {
    ticketId: args.ticketId,
    messageId: args.messageId,
    entities,
    redactedKinds: args.secrets,
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
