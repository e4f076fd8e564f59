import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { ChannelRegistry } from "../../../src/core/channel";
import { type DeliveryJob, type Env, loadConfig } from "../../../src/env";
import { handleDeliveryBatch } from "../../../src/pipeline/queue";
import { acksOf, inbound, ingest, messageRow, queuedOutbound, recordingQueue, scriptedAdapter } from "./builders";

/** What getQueueResult reports (the type is not in the generated runtime types). */
interface QueueResult {
  outcome: string;
  ackAll: boolean;
  retryBatch: { retry: boolean };
  explicitAcks: string[];
  retryMessages: Array<{ msgId: string }>;
}

/** Runs the deliveries consumer on one job, as the queue would on its `attempts`-th try. */
async function consume(
  messageId: string,
  attempts: number,
  channels: ChannelRegistry,
  e: Env = env,
): Promise<{ result: QueueResult; retryOptions: Array<QueueRetryOptions | undefined>; queueMessageId: string }> {
  const queueMessageId = crypto.randomUUID();
  const batch = createMessageBatch<DeliveryJob>("relaydesk-deliveries", [
    { id: queueMessageId, timestamp: new Date(), attempts, body: { messageId } },
  ]);
  const message = batch.messages[0] as Message<DeliveryJob>;
  const retry = vi.spyOn(message, "retry");
  await handleDeliveryBatch(batch, e, channels, { random: () => 0 });
  const result = (await getQueueResult(batch, createExecutionContext())) as unknown as QueueResult;
  return { result, retryOptions: retry.mock.calls.map(([options]) => options), queueMessageId };
}

/** The test env with a dead-letter queue that records what it was given. */
function envWithDeadLetters() {
  const deadLetters = recordingQueue<{ messageId: string; error: string; failedAt: string }>();
  return { env: { ...env, DEAD_LETTERS: deadLetters } as Env, deadLetters };
}

describe("the deliveries queue consumer", () => {
  it("retries a retryable failure with the provider's delay, then sends, then never sends again", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [{ retryable: 30_000 }]);
    const { env: e, deadLetters } = envWithDeadLetters();

    const tryOne = await consume(messageId, 1, { discord: adapter }, e);
    expect(tryOne.result.retryMessages).toEqual([{ msgId: tryOne.queueMessageId }]);
    expect(tryOne.result.explicitAcks).toEqual([]);
    expect(tryOne.retryOptions).toHaveLength(1);
    expect((tryOne.retryOptions[0]?.delaySeconds ?? 0) * 1000).toBeGreaterThanOrEqual(30_000);
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "queued",
      delivery_error: "discord is busy (429)",
      delivery_attempts: 1,
    });

    const tryTwo = await consume(messageId, 2, { discord: adapter }, e);
    expect(tryTwo.result.explicitAcks).toEqual([tryTwo.queueMessageId]);
    expect(tryTwo.result.retryMessages).toEqual([]);
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "sent",
      provider_message_id: `discord-receipt-2-${messageId}`,
      delivery_attempts: 2,
      delivery_error: null,
    });
    expect(adapter.calls).toHaveLength(2);

    // The queue delivers at least once: a repeat of the job must not send the message again.
    const repeat = await consume(messageId, 1, { discord: adapter }, e);
    expect(repeat.result.explicitAcks).toEqual([repeat.queueMessageId]);
    expect(adapter.calls).toHaveLength(2);
    expect((await messageRow(messageId)).delivery_attempts).toBe(2);
    expect(deadLetters.sent).toEqual([]);
  });

  it("retries a short backoff in whole seconds, never zero", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [{ retryable: undefined }]);
    const { retryOptions } = await consume(messageId, 1, { discord: adapter });
    // random 0 on the first attempt: half of the 2 s base.
    expect(retryOptions).toEqual([{ delaySeconds: 1 }]);
  });

  it("gives up after DELIVERY_MAX_ATTEMPTS: the row is failed with the reason and the job goes to the dead letters", async () => {
    const maxAttempts = loadConfig(env).deliveryMaxAttempts;
    expect(maxAttempts).toBe(6);
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", [], { otherwise: { retryable: undefined } });
    const { env: e, deadLetters } = envWithDeadLetters();

    for (let attempt = 1; attempt < maxAttempts; attempt++) {
      const { result } = await consume(messageId, attempt, { discord: adapter }, e);
      expect(result.retryMessages, `attempt ${attempt}`).toHaveLength(1);
      expect((await messageRow(messageId)).delivery_status).toBe("queued");
    }
    const last = await consume(messageId, maxAttempts, { discord: adapter }, e);

    expect(last.result.explicitAcks).toEqual([last.queueMessageId]);
    expect(last.result.retryMessages).toEqual([]);
    expect(adapter.calls).toHaveLength(maxAttempts);
    const reason = `discord is busy (429) (gave up after ${maxAttempts} attempts)`;
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "failed",
      delivery_error: reason,
      delivery_attempts: maxAttempts,
    });
    expect(deadLetters.sent).toHaveLength(1);
    expect(deadLetters.sent[0]).toMatchObject({ messageId, error: reason });
    expect(Date.parse(deadLetters.sent[0]?.failedAt ?? "")).not.toBeNaN();

    // A failed message is not sent again by a late copy of the job.
    await consume(messageId, 1, { discord: adapter }, e);
    expect(adapter.calls).toHaveLength(maxAttempts);
  });

  it("fails a PermanentError at the first attempt, acks it and parks it in the dead letters", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", ["permanent"]);
    const { env: e, deadLetters } = envWithDeadLetters();

    const { result, queueMessageId } = await consume(messageId, 1, { discord: adapter }, e);

    expect(result.explicitAcks).toEqual([queueMessageId]);
    expect(result.retryMessages).toEqual([]);
    expect(adapter.calls).toHaveLength(1);
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "failed",
      delivery_error: "discord says the recipient blocked the bot",
    });
    expect(deadLetters.sent.map((j) => j.messageId)).toEqual([messageId]);
  });

  it("fails a message for a channel missing from the registry with a readable reason", async () => {
    const { messageId } = await queuedOutbound("discord");
    const { env: e, deadLetters } = envWithDeadLetters();
    const { result } = await consume(messageId, 1, {}, e);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await messageRow(messageId)).toMatchObject({
      delivery_status: "failed",
      delivery_error: "The discord channel is not available in this deployment",
    });
    expect(deadLetters.sent[0]?.error).toBe("The discord channel is not available in this deployment");
  });

  it("parks a failure in the real dead-letter queue without erroring", async () => {
    const { messageId } = await queuedOutbound("discord");
    const { result } = await consume(messageId, 1, { discord: scriptedAdapter("discord", ["permanent"]) });
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });

  it("still acks when the dead-letter queue is down: the row already says failed, a retry could not help", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord", ["permanent"]);
    const brokenDeadLetters = {
      send: () => Promise.reject(new Error("queue unavailable")),
    } as unknown as Queue;
    const { result } = await consume(messageId, 1, { discord: adapter }, {
      ...env,
      DEAD_LETTERS: brokenDeadLetters,
    } as Env);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect((await messageRow(messageId)).delivery_status).toBe("failed");
  });

  it("asks the queue to try again when D1 itself fails", async () => {
    const { messageId } = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord");
    const brokenDb = {
      prepare: () => {
        throw new Error("D1 unavailable");
      },
      batch: () => Promise.reject(new Error("D1 unavailable")),
    } as unknown as D1Database;
    const { result, retryOptions } = await consume(messageId, 1, { discord: adapter }, { ...env, DB: brokenDb } as Env);
    expect(result.retryMessages).toHaveLength(1);
    expect(retryOptions).toEqual([{ delaySeconds: 5 }]);
    expect(adapter.calls).toHaveLength(0);
    expect((await messageRow(messageId)).delivery_status).toBe("queued");
  });

  it("delivers each job of a batch independently", async () => {
    const ok = await queuedOutbound("discord");
    const busy = await queuedOutbound("discord");
    const adapter = scriptedAdapter("discord");
    const flaky = scriptedAdapter("telegram", [{ retryable: 2_000 }]);
    const other = await queuedOutbound("telegram");
    const batch = createMessageBatch<DeliveryJob>("relaydesk-deliveries", [
      { id: "a", timestamp: new Date(), attempts: 1, body: { messageId: ok.messageId } },
      { id: "b", timestamp: new Date(), attempts: 1, body: { messageId: other.messageId } },
      { id: "c", timestamp: new Date(), attempts: 1, body: { messageId: busy.messageId } },
    ]);
    await handleDeliveryBatch(batch, env, { discord: adapter, telegram: flaky }, { random: () => 0 });
    const result = (await getQueueResult(batch, createExecutionContext())) as unknown as QueueResult;
    expect(result.explicitAcks.sort()).toEqual(["a", "c"]);
    expect(result.retryMessages).toEqual([{ msgId: "b" }]);
    expect((await messageRow(ok.messageId)).delivery_status).toBe("sent");
    expect((await messageRow(busy.messageId)).delivery_status).toBe("sent");
    expect((await messageRow(other.messageId)).delivery_status).toBe("queued");
  });
});

describe("the Worker's own deliveries consumer", () => {
  it("sends the acknowledgement of a web form ticket after ingest hands it to the real queue", async () => {
    const result = await ingest(inbound(), { env });
    const [ack] = await acksOf(result.ticketId);
    if (!ack) throw new Error("no acknowledgement");
    await vi.waitFor(
      async () => {
        expect((await messageRow(ack.id)).delivery_status).toBe("sent");
      },
      { timeout: 10_000, interval: 100 },
    );
    expect((await messageRow(ack.id)).provider_message_id).toBe(`webform:${ack.id}`);
  });
});
