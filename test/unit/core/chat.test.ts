import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chatExternalId, clientIdOf, newVisitorId, parseChatAction, topicText } from "../../../src/core/chat";
import { chatHandoffText, withinBusinessHours } from "../../../src/core/chat-handoff";
import { identityPayload, verifyIdentity } from "../../../src/core/chat-identity";
import { normalizeOrigin } from "../../../src/core/chat-settings";

const hmac = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest("hex");

describe("chat identity", () => {
  it("verifies exactly the signed payload, off without a secret", async () => {
    const secret = `s-${Math.random()}`;
    const claim = { userId: "u-1", email: "a@b.example", name: "Li" };
    const userHash = hmac(secret, identityPayload(claim) as string);
    expect(await verifyIdentity(secret, { ...claim, userHash })).toEqual({
      ok: true,
      identity: { userId: "u-1", email: "a@b.example", name: "Li" },
    });
    expect((await verifyIdentity(secret, { ...claim, userHash: userHash.toUpperCase() })).ok).toBe(true);
    expect(await verifyIdentity("", { ...claim, userHash })).toEqual({ ok: false, reason: "not_configured" });
    expect((await verifyIdentity(secret, { ...claim, name: "Wang", userHash })).ok).toBe(false);
    expect((await verifyIdentity(`${secret}x`, { ...claim, userHash })).ok).toBe(false);
    expect(identityPayload({ userId: "u", email: "a\nb" })).toBeNull();
  });
});

describe("chat ids and actions", () => {
  it("mints visitor ids and parses actions", () => {
    expect(newVisitorId()).toMatch(/^v[a-z2-7]{24}$/);
    expect(chatExternalId({ userId: "x" })).toBe("chat:u:x");
    expect(clientIdOf("chat:v:abc:client-123", "chat:v:abc")).toBe("client-123");
    expect(clientIdOf("chat:v:abd:client-123", "chat:v:abc")).toBeNull();
    expect(parseChatAction("topic:deposit")).toEqual({ kind: "topic", topic: "deposit" });
    expect(parseChatAction("topic:nope")).toBeNull();
    expect(parseChatAction("csat:tkt_abc:5")).toEqual({ kind: "csat", ticketId: "tkt_abc", rating: 5 });
    expect(parseChatAction("csat:tkt_abc:9")).toBeNull();
    expect(topicText("withdrawal", "zh")).toContain("提现");
  });

  it("accepts exact origins only", () => {
    expect(normalizeOrigin("https://exchange.example")).toBe("https://exchange.example");
    expect(normalizeOrigin("https://exchange.example/")).toBe("https://exchange.example");
    expect(normalizeOrigin("http://localhost:8787")).toBe("http://localhost:8787");
    for (const bad of [
      "https://*.x.example",
      "http://x.example",
      "https://x.example/a",
      "https://u:p@x.example",
      "x",
    ]) {
      expect(normalizeOrigin(bad), bad).toBeNull();
    }
  });
});

describe("hand-off text", () => {
  const hours = { utcOffsetMinutes: 480, days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };
  it("knows business hours", () => {
    expect(withinBusinessHours(hours, new Date("2026-12-07T02:00:00Z"))).toBe(true); // Mon 10:00 +08
    expect(withinBusinessHours(hours, new Date("2026-12-06T02:00:00Z"))).toBe(false); // Sun
    expect(withinBusinessHours(null, new Date())).toBe(true);
  });
  it("gives place, wait, and offers email out of hours, in zh and en", () => {
    const en = chatHandoffText("en", { ahead: 3, expectedMinutes: 22, online: true, email: null });
    expect(en).toContain("3 people");
    expect(en).toContain("about 20 minutes");
    expect(chatHandoffText("en", { ahead: 0, expectedMinutes: null, online: true, email: null })).toContain(
      "a few minutes",
    );
    const zh = chatHandoffText("zh", { ahead: 2, expectedMinutes: 200, online: true, email: null });
    expect(zh).toContain("2 位");
    expect(chatHandoffText("zh", { ahead: 0, expectedMinutes: null, online: false, email: "a@b.example" })).toContain(
      "a@b.example",
    );
    expect(chatHandoffText("en", { ahead: 0, expectedMinutes: null, online: false, email: null })).toContain("email");
  });
});
