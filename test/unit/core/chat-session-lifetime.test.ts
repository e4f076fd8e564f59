// The chat session's lifetime (src/core/chat.ts) and which API errors make the widget start a new session.
import { describe, expect, it } from "vitest";
import { CHAT_SESSION_IDLE_MS, CHAT_SESSION_MAX_AGE_MS, chatSessionExpired } from "../../../src/core/chat";
import { sessionGone } from "../../../src/widget/client/chat/api";

const at = (now: number, ago: number) => new Date(now - ago).toISOString();

describe("chatSessionExpired", () => {
  it("expires after the idle limit or the absolute age, whichever comes first", () => {
    const now = Date.now();
    const jitter = () => 1 + Math.floor(Math.random() * 1e9);
    const n = new Date(now);
    expect(chatSessionExpired({ createdAt: at(now, 0), lastSeenAt: at(now, 0) }, n)).toBe(false);
    expect(
      chatSessionExpired(
        { createdAt: at(now, CHAT_SESSION_IDLE_MS), lastSeenAt: at(now, CHAT_SESSION_IDLE_MS - jitter()) },
        n,
      ),
    ).toBe(false);
    expect(
      chatSessionExpired(
        { createdAt: at(now, CHAT_SESSION_IDLE_MS + 5), lastSeenAt: at(now, CHAT_SESSION_IDLE_MS + jitter()) },
        n,
      ),
    ).toBe(true);
    expect(
      chatSessionExpired({ createdAt: at(now, CHAT_SESSION_MAX_AGE_MS + jitter()), lastSeenAt: at(now, 1) }, n),
    ).toBe(true);
    expect(
      chatSessionExpired({ createdAt: at(now, CHAT_SESSION_MAX_AGE_MS - jitter()), lastSeenAt: at(now, 1) }, n),
    ).toBe(false);
  });
});

describe("the widget's sessionGone", () => {
  it("starts over for an ended or expired session, not for other errors", () => {
    expect(sessionGone("chat_session_invalid")).toBe(true);
    expect(sessionGone("chat_session_expired")).toBe(true);
    for (const code of ["rate_limited", "validation_failed", "identity_invalid", "http_401", "network"]) {
      expect(sessionGone(code)).toBe(false);
    }
  });
});
