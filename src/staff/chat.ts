/**
 * Staff API for the live chat (mounted under /api/staff): staff typing on a chat ticket, and the
 * admins' chat settings (audited). The read receipt rides on POST /tickets/:id/read (src/staff/api.ts).
 */
import { Hono } from "hono";
import * as z from "zod";
import type { ChatPresence } from "../core/chat";
import { NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import type { AppEnv } from "../env";
import { chatPresence, pushChatFrame } from "../pipeline/chat-push";
import { getChatSettings, putChatSettings, ticketConversation, webConversationsOfTicket } from "../store/chat";
import { isConversationOfTicket } from "../store/tickets";
import { jsonBody, params } from "../web/validate";
import { requireAdmin } from "./auth";
import { ChatSettingsBody } from "./chat-settings-body";
import { IdParam } from "./schemas";

/** `live` and `source` of a ticket in GET /tickets/:id: a chat ticket's room presence (null when unreachable). */
export async function chatLiveOf(
  env: AppEnv["Bindings"],
  ticket: { id: string; metadata: Record<string, string> },
): Promise<{ source: "chat" | null; live: ChatPresence | null }> {
  if (ticket.metadata.source !== "chat") return { source: null, live: null };
  const found = await ticketConversation(env.DB, ticket.id);
  if (!found) return { source: "chat", live: null };
  return { source: "chat", live: await chatPresence(env, found.conversationKey) };
}

/**
 * An agent opened (read) a web ticket: its open chat gets `{type: "read", by: "staff"}`, and so does each chat merged
 * into it (staff read every conversation the ticket shows; each room hears of its own only).
 */
export async function pushStaffRead(env: AppEnv["Bindings"], ticketId: string): Promise<void> {
  const at = new Date().toISOString();
  const conversations = await webConversationsOfTicket(env.DB, ticketId);
  await Promise.all(
    conversations.map((c) => pushChatFrame(env, c.conversationKey, { type: "read", by: "staff", at }, c.id)),
  );
}

/** `conversationId`: the conversation the reply box answers (this ticket or one merged into it); else the ticket's own. */
const TypingBody = z.object({ typing: z.boolean(), conversationId: IdParam.optional() }).strict();

function settingsView(
  c: { get: (k: "config") => AppEnv["Variables"]["config"] },
  s: Awaited<ReturnType<typeof getChatSettings>>,
) {
  return {
    allowedOrigins: s.allowedOrigins,
    turnstileFirstMessage: s.turnstileFirstMessage,
    quickReplies: s.quickReplies,
    /** Whether CHAT_IDENTITY_SECRET is set (never the secret). */
    identityVerification: c.get("config").chatIdentitySecret ? ("on" as const) : ("off" as const),
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
  };
}

export function chatStaffApi() {
  return new Hono<AppEnv>()
    .post("/tickets/:id/typing", params({ id: IdParam }), jsonBody(TypingBody), async (c) => {
      const id = c.req.valid("param").id;
      const { conversationId } = c.req.valid("json");
      // On a ticket merged from two customers' tickets, only the customer being answered sees staff typing.
      if (conversationId && !(await isConversationOfTicket(c.env.DB, id, conversationId))) {
        if (!(await ticketConversation(c.env.DB, id))) throw new NotFoundError("Ticket");
        throw new ValidationError("conversationId is not a conversation of this ticket", [
          { path: "conversationId", message: "give the id of this ticket or of a ticket merged into it" },
        ]);
      }
      const found = await ticketConversation(c.env.DB, conversationId ?? id);
      if (!found) throw new NotFoundError("Ticket");
      if (found.channel === "webform") {
        c.executionCtx.waitUntil(
          pushChatFrame(
            c.env,
            found.conversationKey,
            { type: "typing", from: "staff", name: c.get("staff").name, typing: c.req.valid("json").typing },
            found.id,
          ),
        );
      }
      return c.body(null, 204);
    })
    .use("/chat-settings", requireAdmin)
    .get("/chat-settings", async (c) => c.json({ settings: settingsView(c, await getChatSettings(c.env.DB)) }))
    .put("/chat-settings", jsonBody(ChatSettingsBody), async (c) => {
      const body = c.req.valid("json");
      const saved = await putChatSettings(c.env.DB, {
        allowedOrigins: [...new Set(body.allowedOrigins)],
        turnstileFirstMessage: body.turnstileFirstMessage,
        quickReplies: body.quickReplies ?? null,
        actorId: c.get("staff").staffId,
        auditId: newId("aud"),
        now: new Date().toISOString(),
      });
      return c.json({ settings: settingsView(c, saved) });
    });
}
