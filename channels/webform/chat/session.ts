/**
 * POST /api/chat/session: starts or resumes a widget session. A signed identity (HMAC, see
 * src/core/chat-identity.ts) binds the session to the exchange's user: the same user on any device
 * is one identity, one contact, one conversation. A forged or missing signature is a 401 and writes
 * nothing; without CHAT_IDENTITY_SECRET every visitor is anonymous.
 */
import type { Context } from "hono";
import type { OutboundButton } from "../../../src/core/channel";
import {
  CHAT_MAX_CHARS,
  CHAT_TOKEN,
  type ChatPublicSettings,
  chatExternalId,
  defaultQuickReplies,
  newVisitorId,
} from "../../../src/core/chat";
import { type ChatIdentityClaim, type VerifiedChatIdentity, verifyIdentity } from "../../../src/core/chat-identity";
import { AppError } from "../../../src/core/errors";
import { newId, newSecret, sha256Hex } from "../../../src/core/ids";
import type { Language } from "../../../src/core/inbound";
import { redactSecrets } from "../../../src/core/redact";
import type { AppEnv, Config } from "../../../src/env";
import { languageOf } from "../../../src/web/language";
import { check, jsonOf } from "../../../src/web/validate";
import { turnstileWidgetKey } from "../turnstile";
import { clientNetworkOf, overLimit } from "./limits";
import { SessionBody } from "./schemas";

type Settings = Awaited<ReturnType<AppEnv["Variables"]["desk"]["chat"]["sessionStart"]>>["settings"];

/** What every visitor may know about the chat: limits, quick replies, the bot check, whether staff are in. */
export function publicSettings(
  config: Config,
  settings: Settings,
  lang: Language,
  online: boolean,
): ChatPublicSettings {
  const quickReplies: OutboundButton[] = settings.quickReplies ?? defaultQuickReplies(lang);
  return {
    turnstileSiteKey: settings.turnstileFirstMessage ? turnstileWidgetKey(config) || null : null,
    quickReplies,
    maxBytes: config.attachmentMaxBytes,
    maxCount: config.attachmentMaxCount,
    maxChars: CHAT_MAX_CHARS,
    online,
  };
}

export async function startSession(c: Context<AppEnv>): Promise<Response> {
  const limited = await overLimit(c, `session:ip:${clientNetworkOf(c)}`);
  if (limited) return limited;
  const input = check(SessionBody, await jsonOf(c));
  const config = c.get("config");
  const desk = c.get("desk").chat;
  const lang: Language = input.lang ?? languageOf(c);

  let verified: VerifiedChatIdentity | null = null;
  let reason: "not_configured" | null = null;
  if (input.identity !== undefined && input.identity !== null) {
    const result = await verifyIdentity(config.chatIdentitySecret, input.identity as ChatIdentityClaim, {
      now: new Date(),
      requireExpiry: config.chatIdentityExpiryRequired,
    });
    if (result.ok) verified = result.identity;
    else if (result.reason === "not_configured") reason = "not_configured";
    else if (result.reason === "expired")
      throw new AppError(401, "identity_expired", "The identity's signature (userHash) has expired: sign it again");
    else if (result.reason === "expiry_required")
      throw new AppError(401, "identity_expiry_required", "The identity's signature must carry a signed expiresAt");
    else throw new AppError(401, "identity_invalid", "The identity's signature (userHash) is not valid");
  }

  const given = typeof input.token === "string" && CHAT_TOKEN.test(input.token) ? input.token : null;
  const tokenHash = given ? await sha256Hex(given) : null;
  const { session: found, settings } = await desk.sessionStart(tokenHash);
  // A token resumes its own session only for the same kind of visitor: a verified session needs the
  // same signed user again (a signed-out page never reopens a user's conversation); an anonymous one
  // stays anonymous (signing in starts the user's own session).
  const resumes = found && given && (verified ? found.verified && found.userId === verified.userId : !found.verified);
  // A verified user's token presented without that user (the page signed out, or another user holds it) ends
  // that session: a copy of the token left behind in a shared browser opens the conversation no more.
  const revoke = found?.verified && !resumes && tokenHash ? { tokenHash, session: found } : null;
  let token: string;
  let session = found;
  if (resumes && given) {
    token = given;
  } else {
    token = newSecret(32);
    const visitorId = newVisitorId();
    session = {
      id: newId("chs"),
      visitorId,
      externalId: chatExternalId(verified ? { userId: verified.userId } : { visitorId }),
      verified: Boolean(verified),
      userId: verified?.userId ?? null,
      email: verified?.email ?? null,
      // The exchange's user chose it: kept (and shown as the contact's name) with its secrets redacted.
      name: verified?.name ? redactSecrets(verified.name).text : null,
      language: lang,
      turnstilePassedAt: null,
    };
    await desk.createSession({ ...session, tokenHash: await sha256Hex(token) }, revoke);
  }
  if (!session) throw new Error("unreachable: no session");
  // A resumed session is renewed (its idle lifetime starts again) in the same batch as the reads.
  const opening = await desk.opening(session.externalId, resumes ? { sessionId: session.id } : undefined);
  return c.json(
    {
      token,
      visitor: {
        id: session.visitorId,
        verified: session.verified,
        name: session.name,
        ...(reason ? { reason } : {}),
      },
      ticket: opening.ticket,
      messages: opening.messages,
      history: opening.history,
      settings: publicSettings(config, settings, session.language, opening.online),
    },
    resumes ? 200 : 201,
  );
}
