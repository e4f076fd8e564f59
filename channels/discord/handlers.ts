/** Interaction handlers: /support (a form), its submission, /status, /human, /verify, /link, and the ticket and rating buttons. */
import { parseCsatButton } from "../../src/core/csat";
import type { InboundMessage } from "../../src/core/inbound";
import { detectLanguage } from "../../src/core/language";
import { withVerifyReminder } from "../../src/core/verify-texts";
import { HUMAN_COMMAND, LINK_COMMAND, STATUS_COMMAND, SUPPORT_COMMAND, VERIFY_COMMAND } from "./commands";
import { dmConversation } from "./config";
import { type Caller, callerOf, editOriginal, type InteractionDeps, type ReplyData } from "./context";
import { FIELD, SUPPORT_FORM_ID, supportForm, ticketButtons } from "./form";
import { EPHEMERAL, type Interaction, InteractionType, modalValues, ResponseType } from "./schemas";
import { closedText, humanText, statusText, text, ticketCreatedText } from "./texts";

/** What the endpoint answers Discord with. */
export type InteractionResponse =
  | { type: 1 }
  | { type: 4; data: ReplyData & { flags: number } }
  | { type: 5; data: { flags: number } }
  | { type: 9; data: ReturnType<typeof supportForm> };

/** An ephemeral answer; like every bot text it ends with the anti-impersonation line (src/core/verify.ts). */
const reply = (content: string): InteractionResponse => ({
  type: ResponseType.Message,
  data: { content: withVerifyReminder(detectLanguage(content), content), flags: EPHEMERAL },
});

/** The value of a slash command's string option. */
function optionValue(i: Interaction, name: string): string {
  const options = (i.data as { options?: Array<{ name?: unknown; value?: unknown }> } | undefined)?.options;
  const value = Array.isArray(options) ? options.find((o) => o?.name === name)?.value : undefined;
  return typeof value === "string" ? value : "";
}

/**
 * Answers at once. Anything that writes (a ticket, a tag, a status) is deferred: Discord shows
 * "thinking…" to the caller only (ephemeral), the work runs after the response, and its result
 * replaces that placeholder through the interaction webhook.
 */
export async function handleInteraction(deps: InteractionDeps, i: Interaction): Promise<InteractionResponse> {
  if (i.type === InteractionType.Ping) return { type: ResponseType.Pong };
  const caller = callerOf(i);
  if (!caller) return reply(text("en", "failed"));
  const { lang } = caller;

  if (i.type === InteractionType.Command) {
    switch (i.data?.name) {
      case SUPPORT_COMMAND:
        return { type: ResponseType.Modal, data: supportForm(lang) };
      case STATUS_COMMAND: {
        // One indexed read: well inside the 3 seconds.
        const tickets = await deps.desk.senderTickets({
          channel: "discord",
          externalId: caller.userId,
          limit: 10,
        });
        return reply(statusText(lang, tickets));
      }
      case HUMAN_COMMAND:
        return deferred(deps, i, caller, () => askForHuman(deps, i, caller));
      case VERIFY_COMMAND:
        // One read of a short list: well inside the 3 seconds.
        return reply(await deps.desk.verifyReply(lang, optionValue(i, "handle")));
      case LINK_COMMAND: {
        const who = { channel: "discord" as const, externalId: caller.userId, displayName: caller.displayName };
        const code = optionValue(i, "code").trim() || null;
        // A few indexed reads and one batch: inside the 3 seconds, and the code stays ephemeral.
        return reply(await deps.desk.linkReply(lang, who, code));
      }
      default:
        return reply(text(lang, "unknown"));
    }
  }
  if (i.type === InteractionType.ModalSubmit && i.data?.custom_id === SUPPORT_FORM_ID) {
    return deferred(deps, i, caller, () => submitForm(deps, i, caller));
  }
  if (i.type === InteractionType.Component) {
    const press = parseCsatButton(i.data?.custom_id ?? "");
    if (press) {
      const result = await deps.desk.rate({
        ...press,
        channel: "discord",
        externalId: caller.userId,
        fallbackLanguage: lang,
      });
      return reply(result.text);
    }
    const [action, ticketId] = (i.data?.custom_id ?? "").split(":");
    if ((action === "human" || action === "close") && ticketId) {
      return deferred(deps, i, caller, () => pressButton(deps, caller, action, ticketId));
    }
  }
  return reply(text(lang, "expired"));
}

/** An ephemeral deferred answer now; `work` runs after the response and its result replaces the placeholder. */
function deferred(
  deps: InteractionDeps,
  i: Interaction,
  caller: Caller,
  work: () => Promise<ReplyData>,
): InteractionResponse {
  deps.waitUntil(
    work()
      .catch((err: unknown) => {
        console.error("discord interaction failed", {
          id: i.id,
          error: err instanceof Error ? err.message : String(err),
        });
        return { content: text(caller.lang, "failed") };
      })
      .then((data) => editOriginal(deps, i, { ...data, content: withVerifyReminder(caller.lang, data.content) }))
      .catch((err: unknown) => {
        // The interaction token is part of the webhook URL: keep it out of the log whatever the error says.
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        console.error("discord follow-up failed", { id: i.id, error: reason.split(i.token).join("<token>") });
      }),
  );
  return { type: ResponseType.DeferredMessage, data: { flags: EPHEMERAL } };
}

/**
 * The parts of an InboundMessage every interaction shares. Interactions are never redelivered, but the id
 * dedupes anyway: the caller's id, so another user's interaction with the same id is never taken for this
 * one (their request dropped as a duplicate, and this caller's ticket number shown to them).
 */
function inboundOf(i: Interaction, caller: Caller): Omit<InboundMessage, "text"> {
  return {
    channel: "discord",
    providerMessageId: `interaction:${caller.userId}:${i.id}`,
    conversationKey: caller.conversationKey,
    sender: { externalId: caller.userId, displayName: caller.displayName },
    attachments: [],
    sentAt: new Date(),
    ...(caller.lang === "zh" ? { language: "zh" as const } : {}),
    ...(caller.conversationKey === dmConversation(caller.userId) ? {} : { sharedConversation: true }),
  };
}

async function submitForm(deps: InteractionDeps, i: Interaction, caller: Caller): Promise<ReplyData> {
  const values = modalValues(i.data?.components);
  const subject = (values[FIELD.subject] ?? "").trim();
  const description = (values[FIELD.description] ?? "").trim();
  const uid = (values[FIELD.uid] ?? "").trim();
  const txid = (values[FIELD.txid] ?? "").trim();
  const facts = [uid && `UID: ${uid}`, txid && `TxID: ${txid}`].filter(Boolean);
  const result = await deps.desk.ingest({
    ...inboundOf(i, caller),
    text: [description || subject, ...facts].join("\n"),
    ...(subject ? { subject } : {}),
    metadata: { ...(uid ? { exchangeUid: uid } : {}), ...(txid ? { txid } : {}) },
  });
  return {
    content: ticketCreatedText(caller.lang, result.ticketNumber, result.outcome === "appended"),
    components: ticketButtons(caller.lang, result.ticketId),
  };
}

async function askForHuman(deps: InteractionDeps, i: Interaction, caller: Caller): Promise<ReplyData> {
  const result = await deps.desk.ingest({ ...inboundOf(i, caller), text: "/human" });
  await markHuman(deps, result.ticketId);
  return { content: humanText(caller.lang, result.ticketNumber) };
}

async function pressButton(
  deps: InteractionDeps,
  caller: Caller,
  action: "human" | "close",
  ticketId: string,
): Promise<ReplyData> {
  const { desk } = deps;
  const owner = { ticketId, channel: "discord" as const, externalId: caller.userId };
  if (action === "human") {
    const number = await desk.discord.ticketNumber(owner);
    if (!number) return { content: text(caller.lang, "expired") };
    await markHuman(deps, ticketId);
    return { content: humanText(caller.lang, number) };
  }
  const number = await desk.discord.resolveTicket({ ...owner, now: new Date().toISOString() });
  if (!number) return { content: text(caller.lang, "expired") };
  deps.waitUntil(desk.publish({ type: "ticket.updated", ticketId, changes: ["status"] }));
  return { content: closedText(caller.lang, number) };
}

async function markHuman(deps: InteractionDeps, ticketId: string): Promise<void> {
  await deps.desk.requestHuman(ticketId);
  deps.waitUntil(deps.desk.publish({ type: "ticket.updated", ticketId, changes: ["tags", "priority"] }));
}
