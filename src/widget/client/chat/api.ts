/** The chat API over HTTP (same origin as the chat page): session, send, catch-up. */
import type { HostIdentity } from "../frames";
import type { SendOutcome } from "./outbox";
import type { PendingMessage } from "./state";
import type { ChatMessage, ChatSession, ChatTicket, Lang } from "./types";

/**
 * The token opens nothing any more (ended, or past its lifetime, see docs/channels/chat.md): the widget starts a
 * new session and sends what was pending again.
 */
export function sessionGone(code: string): boolean {
  return code === "chat_session_invalid" || code === "chat_session_expired";
}

/** The identity was refused (forged, expired, or without the expiry the desk requires): chat as a guest. */
export function identityRefused(code: string): boolean {
  return code === "identity_invalid" || code === "identity_expired" || code === "identity_expiry_required";
}

/** An API error: its code from `{"error":{"code"}}` and the status. */
export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${status} ${code}`);
    this.name = "ChatApiError";
  }
}

async function failure(res: Response): Promise<ChatApiError> {
  let code = `http_${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: string } };
    if (typeof body.error?.code === "string") code = body.error.code;
  } catch {
    // not JSON: keep the status
  }
  const after = Number(res.headers.get("Retry-After"));
  return new ChatApiError(res.status, code, Number.isFinite(after) && after > 0 ? after * 1000 : undefined);
}

/** POST /api/chat/session: resumes `token` (same identity) or starts a session. */
export async function openSession(args: {
  token: string | null;
  identity: HostIdentity | null;
  lang: Lang;
}): Promise<ChatSession> {
  const res = await fetch("/api/chat/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      ...(args.token ? { token: args.token } : {}),
      ...(args.identity ? { identity: args.identity } : {}),
      lang: args.lang,
    }),
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ChatSession;
}

/** POST /api/chat/messages, as the outbox wants the outcome (never throws for HTTP answers). */
export async function sendMessage(token: string, p: PendingMessage, turnstileToken?: string): Promise<SendOutcome> {
  let body: BodyInit;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (p.files.length) {
    const form = new FormData();
    form.set("clientId", p.clientId);
    form.set("text", p.text);
    if (p.action) form.set("action", p.action);
    if (turnstileToken) form.set("turnstileToken", turnstileToken);
    for (const f of p.files) form.append("files", f, f.name);
    body = form;
  } else {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify({
      clientId: p.clientId,
      ...(p.text ? { text: p.text } : {}),
      ...(p.action ? { action: p.action } : {}),
      ...(turnstileToken ? { turnstileToken } : {}),
    });
  }
  const res = await fetch("/api/chat/messages", { method: "POST", headers, body });
  if (res.ok) {
    const data = (await res.json()) as { message: ChatMessage; ticket?: ChatTicket | null };
    return { ok: true, message: data.message, ticket: data.ticket ?? null };
  }
  const err = await failure(res);
  // Worth another try later with the same clientId: the server, the limiter, the session.
  const retry = res.status >= 500 || res.status === 429 || res.status === 408;
  return { ok: false, retry, code: err.code, ...(err.retryAfterMs ? { retryAfterMs: err.retryAfterMs } : {}) };
}

/** GET /api/chat/messages?after=: what the conversation has after `after` (all of it when null). */
export async function fetchMessagesAfter(
  token: string,
  after: string | null,
): Promise<{ messages: ChatMessage[]; ticket: ChatTicket | null }> {
  const q = after ? `?after=${encodeURIComponent(after)}` : "";
  const res = await fetch(`/api/chat/messages${q}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  const data = (await res.json()) as { messages?: ChatMessage[]; ticket?: ChatTicket | null };
  return { messages: Array.isArray(data.messages) ? data.messages : [], ticket: data.ticket ?? null };
}
