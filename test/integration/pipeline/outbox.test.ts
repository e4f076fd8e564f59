import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newId } from "../../../src/core/ids";
import { BOOTSTRAP_STAFF_ID } from "../../../src/core/staff";
import { type Env, loadConfig } from "../../../src/env";
import { deliverOutbound } from "../../../src/pipeline/deliver";
import { SWEEP_GRACE_MS, sweepOutbox } from "../../../src/pipeline/sweep";
import { insertBotText } from "../../../src/store/bot-outbox";
import { requeueFailed } from "../../../src/store/outbox";
import { all, count, messageRow, queuedOutbound, recordingQueue, scriptedAdapter } from "./builders";

const config = loadConfig(env);

/** An outbound message whose delivery failed for good. */
async function failedOutbound() {
  const out = await queuedOutbound("discord");
  const outcome = await deliverOutbound(
    { env, config, channels: { discord: scriptedAdapter("discord", ["permanent"]) } },
    out.messageId,
    1,
  );
  expect(outcome.kind).toBe("failed");
  return out;
}

const auditRowsOf = (messageId: string) =>
  all<{ actor_id: string; action: string; target_type: string; created_at: string }>(
    "SELECT * FROM audit_log WHERE target_type = 'message' AND target_id = ?1",
    messageId,
  );

describe("requeueFailed", () => {
  it("puts a failed message back in the queue and writes an audit row", async () => {
    const { messageId } = await failedOutbound();
    const now = new Date().toISOString();

    const requeued = await requeueFailed(env.DB, {
      messageId,
      actorId: BOOTSTRAP_STAFF_ID,
      auditId: newId("aud"),
      now,
    });

    expect(requeued).toBe(true);
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "queued",
      delivery_error: null,
      next_attempt_at: now,
    });
    expect(await auditRowsOf(messageId)).toEqual([
      expect.objectContaining({ actor_id: BOOTSTRAP_STAFF_ID, action: "message.retry", created_at: now }),
    ]);

    // The requeued message really goes out on the next delivery.
    const adapter = scriptedAdapter("discord");
    const outcome = await deliverOutbound({ env, config, channels: { discord: adapter } }, messageId, 1);
    expect(outcome.kind).toBe("sent");
    expect(adapter.calls).toHaveLength(1);
  });

  it("returns false and writes no audit row for a message that is not failed", async () => {
    const { messageId } = await queuedOutbound("discord");
    const args = { messageId, actorId: BOOTSTRAP_STAFF_ID, auditId: newId("aud"), now: new Date().toISOString() };

    expect(await requeueFailed(env.DB, args)).toBe(false);
    expect(await auditRowsOf(messageId)).toEqual([]);
    expect((await messageRow(messageId)).delivery_status).toBe("queued");

    await deliverOutbound({ env, config, channels: { discord: scriptedAdapter("discord") } }, messageId, 1);
    expect(await requeueFailed(env.DB, { ...args, auditId: newId("aud") })).toBe(false);
    expect(await auditRowsOf(messageId)).toEqual([]);
    expect((await messageRow(messageId)).delivery_status).toBe("sent");
  });

  it("returns false for an unknown message and an inbound one", async () => {
    const now = new Date().toISOString();
    const unknownId = `msg_${crypto.randomUUID()}`;
    expect(
      await requeueFailed(env.DB, { messageId: unknownId, actorId: BOOTSTRAP_STAFF_ID, auditId: newId("aud"), now }),
    ).toBe(false);
    expect(await auditRowsOf(unknownId)).toEqual([]);

    const { ticketId } = await queuedOutbound("discord");
    const [customerMessage] = await all<{ id: string }>(
      "SELECT id FROM messages WHERE ticket_id = ?1 AND direction = 'in'",
      ticketId,
    );
    const inboundId = customerMessage?.id ?? "";
    expect(
      await requeueFailed(env.DB, { messageId: inboundId, actorId: BOOTSTRAP_STAFF_ID, auditId: newId("aud"), now }),
    ).toBe(false);
    expect(await auditRowsOf(inboundId)).toEqual([]);
  });

  it("requeues only once when staff click retry twice", async () => {
    const { messageId } = await failedOutbound();
    const args = { messageId, actorId: BOOTSTRAP_STAFF_ID, now: new Date().toISOString() };
    const results = await Promise.all([
      requeueFailed(env.DB, { ...args, auditId: newId("aud") }),
      requeueFailed(env.DB, { ...args, auditId: newId("aud") }),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await auditRowsOf(messageId)).toHaveLength(1);
  });
});

describe("sweepOutbox", () => {
  // A fixed moment long ago: no other test's rows are due that early, so this sweep sees only ours.
  const NOW = new Date("2001-01-01T00:00:00.000Z");
  const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow).toISOString();

  async function outboundDueAt(nextAttemptAt: string, extra = "") {
    const { messageId } = await queuedOutbound("discord");
    await env.DB.prepare(`UPDATE messages SET next_attempt_at = ?2 ${extra} WHERE id = ?1`)
      .bind(messageId, nextAttemptAt)
      .run();
    return messageId;
  }

  it("re-enqueues a queued message overdue by more than the grace, not a fresh one", async () => {
    const overdue = await outboundDueAt(at(SWEEP_GRACE_MS + 60_000));
    const fresh = await outboundDueAt(at(SWEEP_GRACE_MS - 60_000));
    const deliveries = recordingQueue<{ messageId: string }>();

    const swept = await sweepOutbox({ ...env, DELIVERIES: deliveries } as Env, NOW);

    expect(swept).toContain(overdue);
    expect(swept).not.toContain(fresh);
    expect(deliveries.sent).toContainEqual({ messageId: overdue });
    expect(deliveries.sent).not.toContainEqual({ messageId: fresh });
    // Its due time moves on, so the next sweep does not hand it off again.
    expect((await messageRow(overdue)).next_attempt_at).toBe(NOW.toISOString());
    expect((await messageRow(fresh)).next_attempt_at).toBe(at(SWEEP_GRACE_MS - 60_000));
    const again = recordingQueue<{ messageId: string }>();
    expect(await sweepOutbox({ ...env, DELIVERIES: again } as Env, NOW)).not.toContain(overdue);
    expect(again.sent).not.toContainEqual({ messageId: overdue });
  });

  it("re-enqueues a message whose sender crashed (expired claim) but not one being sent now", async () => {
    const crashed = await outboundDueAt(
      at(SWEEP_GRACE_MS + 60_000),
      `, delivery_status = 'sending', delivery_lease_until = '${at(SWEEP_GRACE_MS + 1_000)}'`,
    );
    const sending = await outboundDueAt(
      at(SWEEP_GRACE_MS + 60_000),
      `, delivery_status = 'sending', delivery_lease_until = '${new Date(NOW.getTime() + 60_000).toISOString()}'`,
    );
    const deliveries = recordingQueue<{ messageId: string }>();

    const swept = await sweepOutbox({ ...env, DELIVERIES: deliveries } as Env, NOW);

    expect(swept).toContain(crashed);
    expect(swept).not.toContain(sending);
    expect(deliveries.sent).toContainEqual({ messageId: crashed });
  });

  it("never re-enqueues sent or failed messages", async () => {
    const sent = await outboundDueAt(at(SWEEP_GRACE_MS + 60_000), ", delivery_status = 'sent'");
    const failed = await outboundDueAt(at(SWEEP_GRACE_MS + 60_000), ", delivery_status = 'failed'");
    const swept = await sweepOutbox({ ...env, DELIVERIES: recordingQueue() } as Env, NOW);
    expect(swept).not.toContain(sent);
    expect(swept).not.toContain(failed);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE id IN (?1, ?2)", sent, failed)).toBe(2);
  });

  it("re-enqueues an overdue bot text (outside any ticket) too, not a fresh or a sent one", async () => {
    const botTextDueAt = async (due: string, status = "queued") => {
      const id = newId("bot");
      await insertBotText(env.DB, {
        id,
        channel: "telegram",
        conversationKey: `telegram:${Math.floor(Math.random() * 1e9)}`,
        body: `Help ${id}`,
        buttons: null,
        language: "en",
        now: due,
      });
      await env.DB.prepare("UPDATE bot_messages SET delivery_status = ?2 WHERE id = ?1").bind(id, status).run();
      return id;
    };
    const overdue = await botTextDueAt(at(SWEEP_GRACE_MS + 60_000));
    const fresh = await botTextDueAt(at(SWEEP_GRACE_MS - 60_000));
    const sent = await botTextDueAt(at(SWEEP_GRACE_MS + 60_000), "sent");
    const deliveries = recordingQueue<{ messageId: string }>();

    const swept = await sweepOutbox({ ...env, DELIVERIES: deliveries } as Env, NOW);

    expect(swept).toContain(overdue);
    expect(swept).not.toContain(fresh);
    expect(swept).not.toContain(sent);
    expect(deliveries.sent).toContainEqual({ messageId: overdue });
    const row = await env.DB.prepare("SELECT next_attempt_at FROM bot_messages WHERE id = ?1")
      .bind(overdue)
      .first<{ next_attempt_at: string }>();
    expect(row?.next_attempt_at).toBe(NOW.toISOString());
    expect(await sweepOutbox({ ...env, DELIVERIES: recordingQueue() } as Env, NOW)).not.toContain(overdue);
  });

  it("hands a swept message to the real queue, whose consumer delivers it", async () => {
    // Earlier than every other sweep's rows: this sweep uses the real queue and must hand off only this one.
    const earlier = new Date("1999-01-01T00:00:00.000Z");
    const { messageId } = await queuedOutbound("webform");
    await env.DB.prepare("UPDATE messages SET next_attempt_at = ?2 WHERE id = ?1")
      .bind(messageId, new Date(earlier.getTime() - SWEEP_GRACE_MS - 60_000).toISOString())
      .run();

    expect(await sweepOutbox(env, earlier)).toEqual([messageId]);

    await expect
      .poll(async () => (await messageRow(messageId)).delivery_status, { timeout: 10_000, interval: 100 })
      .toBe("sent");
    expect((await messageRow(messageId)).provider_message_id).toBe(`webform:${messageId}`);
  });
});
