import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { withVerifyReminder } from "../../../src/core/verify-texts";
import { loadConfig } from "../../../src/env";
import { type DeliverDeps, deliverOutbound } from "../../../src/pipeline/deliver";
import { DELIVERY_LEASE_MS } from "../../../src/store/outbox";
import { first, messageRow, queuedOutbound, scriptedAdapter } from "./builders";

const config = loadConfig(env);

function deps(over: Partial<DeliverDeps> = {}): DeliverDeps {
  return { env, config, channels: {}, random: () => 0, ...over };
}

describe("deliverOutbound", () => {
  it("sends a queued message once and stores the provider's receipt", async () => {
    const { messageId, ticketNumber } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord");

    const outcome = await deliverOutbound(deps({ channels: { discord: adapter } }), messageId, 1);

    expect(outcome).toEqual({ kind: "sent", providerMessageId: `discord-receipt-1-${messageId}` });
    expect(adapter.calls).toHaveLength(1);
    expect(adapter.calls[0]).toMatchObject({ messageId, ticketNumber, channel: "discord", author: "bot" });
    expect(adapter.calls[0]?.body).toContain(ticketNumber);
    const row = await messageRow(messageId);
    expect(row).toMatchObject({
      delivery_status: "sent",
      provider_message_id: `discord-receipt-1-${messageId}`,
      delivery_attempts: 1,
      delivery_error: null,
      next_attempt_at: null,
    });
    expect(row.sent_at).not.toBeNull();
  });

  it("hands the adapter the recipient and the ticket it needs", async () => {
    const { messageId, ticketId } = await queuedOutbound("email");
    const adapter = scriptedAdapter("email");
    await deliverOutbound(deps({ channels: { email: adapter } }), messageId, 1);
    const ticket = await first<{ conversation_key: string; access_token: string; subject: string }>(
      "SELECT * FROM tickets WHERE id = ?1",
      ticketId,
    );
    const msg = adapter.calls[0];
    expect(msg?.ticketId).toBe(ticketId);
    expect(msg?.conversationKey).toBe(ticket?.conversation_key);
    expect(msg?.ticketAccessToken).toBe(ticket?.access_token);
    expect(msg?.ticketSubject).toBe(ticket?.subject);
    expect(msg?.recipient.externalId).toMatch(/@example\.com$/);
    expect(msg?.recipient.email).toBe(msg?.recipient.externalId);
    expect(msg?.language).toBe("en");
  });

  it("puts a message that failed retryably back in the queue with the error and the provider's delay", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [{ retryable: 45_000 }]);
    const now = new Date();

    const outcome = await deliverOutbound(deps({ channels: { discord: adapter }, now: () => now }), messageId, 1);

    expect(outcome).toEqual({ kind: "retry", delayMs: 45_000, error: "discord is busy (429)" });
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "queued",
      delivery_error: "discord is busy (429)",
      delivery_attempts: 1,
      next_attempt_at: new Date(now.getTime() + 45_000).toISOString(),
    });
  });

  it("retries an unexpected error (not known to be permanent)", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [new TypeError("fetch failed")]);
    const outcome = await deliverOutbound(deps({ channels: { discord: adapter } }), messageId, 1);
    expect(outcome).toMatchObject({ kind: "retry", error: "fetch failed" });
    expect((await messageRow(messageId)).delivery_status).toBe("queued");
  });

  it("fails a PermanentError at once, calling the adapter once", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", ["permanent"]);

    const outcome = await deliverOutbound(deps({ channels: { discord: adapter } }), messageId, 1);
    expect(outcome).toEqual({ kind: "failed", error: "discord says the recipient blocked the bot" });
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "failed",
      delivery_error: "discord says the recipient blocked the bot",
      delivery_attempts: 1,
    });

    expect(await deliverOutbound(deps({ channels: { discord: adapter } }), messageId, 2)).toEqual({ kind: "skipped" });
    expect(adapter.calls).toHaveLength(1);
  });

  it("fails a message whose channel this deployment does not have, with a readable reason", async () => {
    const { messageId } = await queuedOutbound("discord");
    const outcome = await deliverOutbound(deps({ channels: {} }), messageId, 1);
    expect(outcome).toEqual({ kind: "failed", error: "The discord channel is not available in this deployment" });
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "failed",
      delivery_error: "The discord channel is not available in this deployment",
    });
  });

  it("delivers to the sandbox when the channel has no credentials outside production", async () => {
    expect(config.environment).toBe("test");
    const { messageId, ticketId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [], { configured: false });

    const outcome = await deliverOutbound(deps({ channels: { discord: adapter } }), messageId, 1);

    expect(outcome.kind).toBe("sent");
    const providerId = outcome.kind === "sent" ? outcome.providerMessageId : "";
    expect(providerId).toMatch(/^sandbox:sbx_/);
    expect(adapter.calls).toHaveLength(0);
    const entry = await first<{ id: string; channel: string; ticket_id: string; recipient: string; payload: string }>(
      "SELECT * FROM sandbox_outbox WHERE message_id = ?1",
      messageId,
    );
    expect(entry).toMatchObject({ id: providerId.slice("sandbox:".length), channel: "discord", ticket_id: ticketId });
    expect(entry?.recipient).toMatch(/@example\.com$/);
    const row = await messageRow(messageId);
    // What would have been sent: the stored body plus the anti-impersonation line every bot message ends with.
    const payload = JSON.parse(entry?.payload ?? "{}") as { author: string; body: string };
    expect(payload.author).toBe("bot");
    expect(payload.body).toBe(withVerifyReminder("en", row.body));
    expect(row).toMatchObject({ delivery_status: "sent", provider_message_id: providerId });
  });

  it("fails 'no credentials' for an unconfigured channel in production, never using the sandbox", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [], { configured: false });
    const production = { ...config, environment: "production" as const };

    const outcome = await deliverOutbound(deps({ config: production, channels: { discord: adapter } }), messageId, 1);

    expect(outcome).toEqual({ kind: "failed", error: "The discord channel has no credentials configured" });
    expect(adapter.calls).toHaveLength(0);
    expect((await messageRow(messageId)).delivery_status).toBe("failed");
    expect(await first("SELECT id FROM sandbox_outbox WHERE message_id = ?1", messageId)).toBeUndefined();
  });

  it("sends once when two consumers deliver the same message at the same time", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [], { onCall: () => scheduler.wait(50) });
    const d = deps({ channels: { discord: adapter } });

    const outcomes = await Promise.all([deliverOutbound(d, messageId, 1), deliverOutbound(d, messageId, 1)]);

    expect(adapter.calls).toHaveLength(1);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["sent", "skipped"]);
    expect(await messageRow(messageId)).toMatchObject({ delivery_status: "sent", delivery_attempts: 1 });
  });

  it("sends once even when both consumers claim at the very same instant", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord");
    const now = new Date();
    const d = deps({ channels: { discord: adapter }, now: () => now });

    const outcomes = await Promise.all([deliverOutbound(d, messageId, 1), deliverOutbound(d, messageId, 1)]);

    expect(adapter.calls).toHaveLength(1);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["sent", "skipped"]);
  });

  it("leaves a message another consumer is sending alone, and takes it over when that claim expired", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord");
    const d = deps({ channels: { discord: adapter } });
    const setLease = (until: Date) =>
      env.DB.prepare(
        "UPDATE messages SET delivery_status = 'sending', delivery_attempts = 1, delivery_lease_until = ?2 WHERE id = ?1",
      )
        .bind(messageId, until.toISOString())
        .run();

    await setLease(new Date(Date.now() + DELIVERY_LEASE_MS));
    expect(await deliverOutbound(d, messageId, 1)).toEqual({ kind: "skipped" });
    expect(adapter.calls).toHaveLength(0);

    await setLease(new Date(Date.now() - 1_000));
    expect((await deliverOutbound(d, messageId, 2)).kind).toBe("sent");
    expect(adapter.calls).toHaveLength(1);
    expect((await messageRow(messageId)).delivery_attempts).toBe(2);
  });

  it("skips an unknown message and an inbound one", async () => {
    const adapter = scriptedAdapter("webform");
    expect(await deliverOutbound(deps({ channels: { webform: adapter } }), "msg_does_not_exist", 1)).toEqual({
      kind: "skipped",
    });
    const { ticketId } = await queuedOutbound("webform");
    const inboundRow = await first<{ id: string }>(
      "SELECT id FROM messages WHERE ticket_id = ?1 AND direction = 'in'",
      ticketId,
    );
    expect(await deliverOutbound(deps({ channels: { webform: adapter } }), inboundRow?.id ?? "", 1)).toEqual({
      kind: "skipped",
    });
    expect(adapter.calls).toHaveLength(0);
  });
});
