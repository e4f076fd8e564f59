/**
 * The eager send (src/pipeline/outbox.ts): an acknowledgement goes out right after the webhook's
 * answer, claimed first, with the deliveries queue as the fallback for what it could not finish and
 * the sweep for a send that was lost. Real Worker, real queue consumer, the fake Bot API on 127.0.0.1.
 */
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createChannels } from "../../../src/channels";
import type { DeliveryJob, Env } from "../../../src/env";
import { loadConfig } from "../../../src/env";
import { deliverOutbound } from "../../../src/pipeline/deliver";
import { dispatchOutbound, sendEagerly } from "../../../src/pipeline/outbox";
import { handleDeliveryBatch } from "../../../src/pipeline/queue";
import { sweepOutbox } from "../../../src/pipeline/sweep";
import { claimDelivery, DELIVERY_LEASE_MS, readClaimedDelivery } from "../../../src/store/outbox";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { fakeTelegram, postUpdate, waitForSent } from "../channels/telegram/harness";
import { acksOf, inbound, ingest, isolatedEnv, messageRow, recordingQueue, scriptedAdapter } from "./builders";

const config = loadConfig(env);

/** A random whole number in [lo, hi]. */
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** The chat's acknowledgement row (the bot's first outbound message on its ticket). */
async function ackOfChat(chatId: number) {
  const row = await env.DB.prepare(
    `SELECT m.id FROM messages m JOIN tickets t ON t.id = m.ticket_id
      WHERE t.conversation_key = ?1 AND m.direction = 'out' AND m.author = 'bot' ORDER BY m.created_at, m.rowid LIMIT 1`,
  )
    .bind(`telegram:${chatId}`)
    .first<{ id: string }>();
  if (!row) throw new Error(`no acknowledgement for chat ${chatId}`);
  return messageRow(row.id);
}

/** Successful sendMessage calls the fake Bot API saw for a chat. */
const sentTo = async (chatId: number) =>
  (await fakeTelegram.calls({ chatId, method: "sendMessage" })).filter((c) => !c.failedWith);

/** Runs the deliveries consumer on one job, with the Worker's own adapters. */
async function consume(messageId: string, attempts = 1, channels = createChannels, e: Env = env) {
  const batch = createMessageBatch<DeliveryJob>("relaydesk-deliveries", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts, body: { messageId } },
  ]);
  await handleDeliveryBatch(batch, e, channels);
}

/** A Telegram acknowledgement stored and queued but not sent (eager send off, queue recorded). */
async function queuedTelegramAck(chatId: number) {
  const result = await ingest(
    inbound({
      channel: "telegram",
      conversationKey: `telegram:${chatId}`,
      sender: { externalId: String(chatId), email: undefined },
    }),
  );
  const [ack] = await acksOf(result.ticketId);
  if (!ack) throw new Error("no acknowledgement was written");
  return ack.id;
}

describe("the eager send of an acknowledgement", () => {
  it("reaches each new customer once, without a queue hop, and a late queue job for it sends nothing", async () => {
    const chats = Array.from({ length: between(3, 7) }, () => newChatId());
    // The customers write at once; each request is settled (its waitUntil, hence the eager send, done).
    const answers = await Promise.all(
      chats.map((chatId) =>
        postUpdate(telegramUpdate({ chatId, text: `Deposit missing ${chatId}` }), { settled: true }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(chats.map(() => 200));
    for (const chatId of chats) {
      const ack = await ackOfChat(chatId);
      // Sent by the eager send: one claim, the receipt stored, no retry pending.
      expect(ack).toMatchObject({ delivery_status: "sent", delivery_attempts: 1, delivery_error: null });
      expect(ack.provider_message_id).toMatch(new RegExp(`^${chatId}:\\d+$`));
      // The queue consumer running the same job (a stray or swept copy) finds it sent and does nothing.
      await consume(ack.id, between(1, 3));
      expect(await messageRow(ack.id)).toMatchObject({ delivery_status: "sent", delivery_attempts: 1 });
      const calls = await sentTo(chatId);
      expect(calls, `chat ${chatId}`).toHaveLength(1);
      expect(calls[0]?.params.text).toContain((await messageRow(ack.id)).body.split("\n")[0]);
    }
  });

  it.each([
    [429, "Too Many Requests: retry after 1"],
    [500, "Internal Server Error"],
  ])(
    "a first send the Bot API refuses with %i is retried through the queue and arrives once",
    async (code, description) => {
      const chatId = newChatId();
      await fakeTelegram.fail({
        chat_id: chatId,
        method: "sendMessage",
        times: 1,
        error_code: code,
        description,
        retry_after: 1,
      });
      const res = await postUpdate(telegramUpdate({ chatId, text: `Withdrawal stuck ${chatId}` }), { settled: true });
      expect(res.status).toBe(200);
      // The eager try failed and was recorded; the row waits for the queue's retry.
      const afterEager = await ackOfChat(chatId);
      expect(afterEager.delivery_attempts).toBeGreaterThanOrEqual(1);
      const calls = await waitForSent(chatId);
      expect(calls).toHaveLength(1);
      const failed = (await fakeTelegram.calls({ chatId, method: "sendMessage" })).filter((c) => c.failedWith === code);
      expect(failed).toHaveLength(1);
      const ack = await ackOfChat(chatId);
      await waitFor(async () => ((await messageRow(ack.id)).delivery_status === "sent" ? true : undefined));
      expect(await messageRow(ack.id)).toMatchObject({
        delivery_status: "sent",
        delivery_attempts: 2,
        delivery_error: null,
      });
      expect(await sentTo(chatId)).toHaveLength(1);
    },
  );

  it("a send lost after its claim (the waitUntil cut off) is swept to the queue once the claim expired, and sent once", async () => {
    const chatId = newChatId();
    const id = await queuedTelegramAck(chatId);
    // What a cut-off eager send leaves: the row claimed (long ago, so its lease has run out), nothing sent.
    const NOW = new Date("2001-02-01T00:00:00.000Z");
    await env.DB.prepare("UPDATE messages SET next_attempt_at = ?2 WHERE id = ?1")
      .bind(id, new Date(NOW.getTime() - 20 * 60_000).toISOString())
      .run();
    expect(await claimDelivery(env.DB, id, new Date(NOW.getTime() - 10 * 60_000))).not.toBeNull();
    expect((await messageRow(id)).delivery_status).toBe("sending");

    const deliveries = recordingQueue<DeliveryJob>();
    const swept = await sweepOutbox({ ...env, DELIVERIES: deliveries } as Env, NOW);
    expect(swept).toContain(id);
    expect(deliveries.sent).toContainEqual({ messageId: id });
    await consume(id);
    expect(await messageRow(id)).toMatchObject({ delivery_status: "sent", delivery_attempts: 2 });
    expect(await sentTo(chatId)).toHaveLength(1);
    // Another sweep's copy of the job changes nothing.
    await consume(id);
    expect(await sentTo(chatId)).toHaveLength(1);
  });

  it("an acknowledgement stored claimed whose eager send never ran: nothing sends it under that lease but its holder; once the lease ran out the sweep's job sends it once", async () => {
    const chatId = newChatId();
    const id = await queuedTelegramAck(chatId);
    // The state ingest's batch stores when sending eagerly (src/store/ingest.ts): sending, attempt 1, the send's lease.
    const ingestedAt = new Date(Date.now() - between(0, 30) * 1000);
    const lease = new Date(ingestedAt.getTime() + DELIVERY_LEASE_MS).toISOString();
    await env.DB.prepare(
      "UPDATE messages SET delivery_status = 'sending', delivery_attempts = 1, delivery_lease_until = ?2 WHERE id = ?1",
    )
      .bind(id, lease)
      .run();
    // The row as ingest's batch reads it back for its eager send (src/store/ingest.ts).
    const held = await readClaimedDelivery(env.DB, id, lease);
    expect(held?.messageId).toBe(id);
    // A queue job while the lease holds (a stray copy), or a sender naming another lease, neither sends nor takes it.
    await consume(id);
    const other = new Date(Date.parse(lease) - between(1, 60_000)).toISOString();
    const channels = createChannels(config, env);
    expect(await deliverOutbound({ env, config, channels }, id, 1, other)).toEqual({ kind: "skipped" });
    expect(await sentTo(chatId)).toHaveLength(0);
    expect(await messageRow(id)).toMatchObject({ delivery_status: "sending", delivery_attempts: 1 });
    // After the lease (moved into the past, as time would): the sweep hands it to the queue, and it is sent once, as
    // its second attempt.
    const expired = new Date(Date.now() - between(1, 600) * 1000).toISOString();
    await env.DB.prepare("UPDATE messages SET delivery_lease_until = ?2, next_attempt_at = ?2 WHERE id = ?1")
      .bind(id, expired)
      .run();
    const later = new Date(Date.now() + 20 * 60_000);
    const deliveries = recordingQueue<DeliveryJob>();
    expect(await sweepOutbox({ ...env, DELIVERIES: deliveries } as Env, later)).toContain(id);
    await consume(id);
    expect(await messageRow(id)).toMatchObject({ delivery_status: "sent", delivery_attempts: 2 });
    // Its holder, late, finds the lease gone and sends nothing.
    expect(await deliverOutbound({ env, config, channels }, id, 1, lease)).toEqual({ kind: "skipped" });
    // So does a holder with the row its batch read, once its lease is over by its own clock: it reads again.
    const pastLease = new Date(Date.parse(lease) + between(0, 60_000));
    expect(
      await deliverOutbound({ env, config, channels, now: () => pastLease }, id, 1, lease, held ?? undefined),
    ).toEqual({ kind: "skipped" });
    expect(await sentTo(chatId)).toHaveLength(1);
  });

  it("a send lost before its claim is sent by the queue job the sweep makes", async () => {
    const chatId = newChatId();
    const id = await queuedTelegramAck(chatId);
    expect(await sentTo(chatId)).toHaveLength(0);
    const NOW = new Date("2001-03-01T00:00:00.000Z");
    await env.DB.prepare("UPDATE messages SET next_attempt_at = ?2 WHERE id = ?1")
      .bind(id, new Date(NOW.getTime() - 20 * 60_000).toISOString())
      .run();
    const deliveries = recordingQueue<DeliveryJob>();
    expect(await sweepOutbox({ ...env, DELIVERIES: deliveries } as Env, NOW)).toContain(id);
    await consume(id);
    expect(await messageRow(id)).toMatchObject({ delivery_status: "sent", delivery_attempts: 1 });
    expect(await sentTo(chatId)).toHaveLength(1);
  });

  it("never sends twice when eager sends and queue consumers run on the same messages at once", async () => {
    const rows = Array.from({ length: between(3, 6) }, () => ({ eager: between(1, 3), queue: between(1, 3) }));
    // A slow provider widens the window in which the others try to claim.
    const adapter = scriptedAdapter("discord", [], { onCall: () => new Promise((r) => setTimeout(r, between(5, 40))) });
    const ids: string[] = [];
    for (const _ of rows) {
      const result = await ingest(inbound({ channel: "discord" }));
      const [ack] = await acksOf(result.ticketId);
      if (!ack) throw new Error("no acknowledgement was written");
      ids.push(ack.id);
    }
    const { env: quiet, deliveries } = isolatedEnv();
    const e = { ...quiet, EAGER_DELIVERY: "on" } as unknown as Env;
    const deps = { env: e, config: loadConfig(e), waitUntil: () => {}, channels: { discord: adapter } };
    await Promise.all(
      rows.flatMap((r, i) => {
        const id = ids[i] as string;
        return [
          ...Array.from({ length: r.eager }, () => sendEagerly(deps, id)),
          ...Array.from({ length: r.queue }, () => consume(id, 1, () => ({ discord: adapter }), e)),
        ];
      }),
    );
    for (const id of ids) {
      expect(
        adapter.calls.filter((m) => m.messageId === id),
        id,
      ).toHaveLength(1);
      expect(await messageRow(id)).toMatchObject({ delivery_status: "sent", delivery_attempts: 1 });
    }
    expect(adapter.calls).toHaveLength(ids.length);
    expect(deliveries.sent).toEqual([]);
  });

  it("hands a retryable failure to the queue with its delay and counts the eager try", async () => {
    const result = await ingest(inbound({ channel: "discord" }));
    const [ack] = await acksOf(result.ticketId);
    if (!ack) throw new Error("no acknowledgement was written");
    const retryAfter = between(2, 90) * 1000;
    const { env: quiet, deliveries } = isolatedEnv();
    const e = { ...quiet, EAGER_DELIVERY: "on" } as unknown as Env;
    const adapter = scriptedAdapter("discord", [{ retryable: retryAfter }]);
    const sends: Array<{ body: DeliveryJob; delaySeconds?: number }> = [];
    const queue = {
      ...deliveries,
      async send(body: DeliveryJob, opts?: QueueSendOptions) {
        sends.push({ body, delaySeconds: opts?.delaySeconds });
      },
    } as unknown as Queue;
    const outcome = await sendEagerly(
      {
        env: { ...e, DELIVERIES: queue } as Env,
        config: loadConfig(e),
        waitUntil: () => {},
        channels: { discord: adapter },
      },
      ack.id,
    );
    expect(outcome?.kind).toBe("retry");
    expect(sends).toHaveLength(1);
    expect(sends[0]?.body).toEqual({ messageId: ack.id, priorAttempts: 1 });
    expect((sends[0]?.delaySeconds ?? 0) * 1000).toBeGreaterThanOrEqual(retryAfter);
    expect(await messageRow(ack.id)).toMatchObject({ delivery_status: "queued", delivery_attempts: 1 });
  });

  it("with EAGER_DELIVERY off, hands every id to the queue and sends nothing itself", async () => {
    const { env: quiet, deliveries } = isolatedEnv();
    const adapter = scriptedAdapter("discord");
    const ctx = createExecutionContext();
    const ids = [`msg_${crypto.randomUUID()}`, `msg_${crypto.randomUUID()}`];
    await dispatchOutbound(
      { env: quiet, config: loadConfig(quiet), waitUntil: (p) => ctx.waitUntil(p), channels: { discord: adapter } },
      ids,
    );
    await waitOnExecutionContext(ctx);
    expect(deliveries.sent).toEqual(ids.map((messageId) => ({ messageId })));
    expect(adapter.calls).toEqual([]);
    // On unless EAGER_DELIVERY = "off" (any case, spaces around it).
    expect(config.eagerDelivery).toBe(true);
    expect(loadConfig({ ...env, EAGER_DELIVERY: undefined } as unknown as Env).eagerDelivery).toBe(true);
    expect(loadConfig({ ...env, EAGER_DELIVERY: " Off " } as unknown as Env).eagerDelivery).toBe(false);
  });
});

/** Polls until `fn` returns something other than undefined (15 s). */
async function waitFor<T>(fn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + 15_000;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
