/**
 * Outbound delivery against provider APIs that fail 30% of calls (500, 429 with retry-after,
 * dropped connections), through the real queue consumer and channel adapters, with the queue's
 * at-least-once behaviour played out (retries, and some jobs handed to two consumers at once):
 * every reply ends sent exactly once or visibly failed; none is lost, none doubled.
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { dmConversation } from "../../../channels/discord/config";
import type { DeliveryJob, Env } from "../../../src/env";
import { handleDeliveryBatch } from "../../../src/pipeline/queue";
import { snowflake } from "../channels/discord/builders";
import type { DiscordCall } from "../channels/discord/harness";
import { newChatId } from "../channels/telegram/builders";
import type { FakeCall as RecordedCall } from "../channels/telegram/harness";
import { inbound, ingest, isolatedEnv, messageRow, recordingQueue } from "../pipeline/builders";
import { BOOTSTRAP, staffTicket } from "../support";
import { channels, instrumentedEnv, runApp, seeded, shuffle, toRequest } from "./harness";

const FAULT_RATE = 0.3;
const CUSTOMERS = 15;

const TELEGRAM_ROOT = env.TELEGRAM_API_ROOT;
const DISCORD_ROOT = env.DISCORD_API_ROOT.replace(/\/api$/, "");

/** A call either fake recorded (their own types; only the one provider's fields are there). */
type FakeCall = Partial<RecordedCall> & Partial<DiscordCall>;

interface ProviderCase {
  name: "telegram" | "discord";
  root: string;
  /** A new recipient: its conversation key, sender id and chaos key. */
  recipient(): Promise<{ conversationKey: string; externalId: string; key: string }>;
  /** Successful sends to the recipient that carry `text` (channels may add a footer, e.g. the anti-scam line). */
  sendsOf(key: string, text: string): Promise<number>;
  /** The texts of the successful sends to the recipient, in the order the fake took them. */
  textsTo(key: string): Promise<string[]>;
  /** Every call the fake saw for the recipient (sends and failures). */
  callsOf(key: string): Promise<FakeCall[]>;
}

async function fakeCalls(url: string): Promise<FakeCall[]> {
  return ((await (await fetch(url)).json()) as { calls: FakeCall[] }).calls;
}

const PROVIDERS: ProviderCase[] = [
  {
    name: "telegram",
    root: TELEGRAM_ROOT,
    async recipient() {
      const chatId = String(newChatId());
      return { conversationKey: `telegram:${chatId}`, externalId: chatId, key: chatId };
    },
    async callsOf(key) {
      return fakeCalls(`${TELEGRAM_ROOT}/__calls?chat_id=${key}`);
    },
    async textsTo(key) {
      const calls = await fakeCalls(`${TELEGRAM_ROOT}/__calls?chat_id=${key}&method=sendMessage`);
      return calls.filter((c) => !c.failedWith).map((c) => String(c.params?.text ?? ""));
    },
    async sendsOf(key, text) {
      const calls = await fakeCalls(`${TELEGRAM_ROOT}/__calls?chat_id=${key}&method=sendMessage`);
      return calls.filter((c) => !c.failedWith && String(c.params?.text ?? "").startsWith(text)).length;
    },
  },
  {
    name: "discord",
    root: DISCORD_ROOT,
    async recipient() {
      const userId = snowflake();
      return { conversationKey: dmConversation(userId), externalId: userId, key: userId };
    },
    async callsOf(key) {
      const dm = ((await (await fetch(`${DISCORD_ROOT}/__dm_channel?user_id=${key}`)).json()) as { id: string }).id;
      return [
        ...(await fakeCalls(`${DISCORD_ROOT}/__calls?recipient_id=${key}`)),
        ...(await fakeCalls(`${DISCORD_ROOT}/__calls?channel_id=${dm}`)),
      ];
    },
    async textsTo(key) {
      const dm = ((await (await fetch(`${DISCORD_ROOT}/__dm_channel?user_id=${key}`)).json()) as { id: string }).id;
      const calls = await fakeCalls(`${DISCORD_ROOT}/__calls?route=createMessage&channel_id=${dm}`);
      return calls.filter((c) => !c.failedWith).map((c) => String(c.body?.content ?? ""));
    },
    async sendsOf(key, text) {
      const dm = ((await (await fetch(`${DISCORD_ROOT}/__dm_channel?user_id=${key}`)).json()) as { id: string }).id;
      const calls = await fakeCalls(`${DISCORD_ROOT}/__calls?route=createMessage&channel_id=${dm}`);
      return calls.filter((c) => !c.failedWith && String(c.body?.content ?? "").startsWith(text)).length;
    },
  },
];

/** A staff reply; every third one is long enough to be split (Telegram 4096, Discord 2000 characters). */
function replyBody(seed: number, i: number): string {
  if (i % 3 !== 2) return `We are checking your withdrawal ${seed}-${i}.`;
  const words = Array.from({ length: 1000 }, (_, k) => `w${k}`).join(" ");
  return `Here is the full history of your withdrawal ${seed}-${i}: ${words}`;
}

const normalized = (text: string) => text.replace(/\s+/g, " ").trim();

async function setChaos(root: string, rule: unknown): Promise<void> {
  const res = await fetch(`${root}/__control/chaos`, { method: "POST", body: JSON.stringify(rule) });
  if (!res.ok) throw new Error(`chaos control: ${res.status}`);
}

afterAll(async () => {
  for (const p of PROVIDERS) await setChaos(p.root, { rate: 0, keys: [] });
});

/**
 * Plays the deliveries queue: each round hands every pending job to the real consumer in
 * batches of 10; retried jobs come back next round with one more attempt; ~20% of jobs are
 * handed out twice at once (at-least-once delivery, two consumers). Delays are not waited out.
 */
async function drainLikeTheQueue(e: Env, jobs: string[], random: () => number) {
  let pending = jobs.map((messageId) => ({ messageId, attempts: 1 }));
  for (let round = 0; pending.length && round < 30; round++) {
    // Shuffled, so a job handed out twice usually lands in two batches running at the same time.
    const handOut = shuffle(
      pending.flatMap((j) => (random() < 0.2 ? [j, j] : [j])),
      random,
    );
    const retried = new Map<string, number>();
    const batches: Array<typeof handOut> = [];
    for (let i = 0; i < handOut.length; i += 10) batches.push(handOut.slice(i, i + 10));
    await Promise.all(
      batches.map((jobsOfBatch) =>
        handleDeliveryBatch(
          {
            queue: "relaydesk-deliveries",
            messages: jobsOfBatch.map((j) => ({
              id: crypto.randomUUID(),
              timestamp: new Date(),
              body: { messageId: j.messageId },
              attempts: j.attempts,
              retry: () => retried.set(j.messageId, Math.max(retried.get(j.messageId) ?? 0, j.attempts + 1)),
              ack: () => {},
            })),
            retryAll: () => {},
            ackAll: () => {},
          } as unknown as MessageBatch<DeliveryJob>,
          e,
          channels,
        ),
      ),
    );
    pending = [...retried].map(([messageId, attempts]) => ({ messageId, attempts }));
  }
  return pending;
}

describe.each(PROVIDERS)("$name API failing 30% of calls", (provider) => {
  it("delivers every reply exactly once or fails it visibly; none lost, none doubled", async () => {
    const seed = Date.now() >>> 0;
    const { env: ingestEnv } = isolatedEnv();
    const staff = instrumentedEnv();
    const recipients = await Promise.all(Array.from({ length: CUSTOMERS }, () => provider.recipient()));

    // Each customer writes in (the bot's acknowledgement is queued) and staff answer (a reply is queued).
    const outbound: Array<{ messageId: string; ticketId: string; key: string; long?: boolean }> = [];
    for (const [i, r] of recipients.entries()) {
      const result = await ingest(
        inbound({
          channel: provider.name,
          conversationKey: r.conversationKey,
          sender: { externalId: r.externalId, email: undefined },
          text: `Withdrawal pending for hours, customer ${i}`,
        }),
        { env: ingestEnv },
      );
      const ack = await messageRow(
        (
          (await env.DB.prepare("SELECT id FROM messages WHERE ticket_id = ?1 AND author = 'bot'")
            .bind(result.ticketId)
            .first<{ id: string }>()) as { id: string }
        ).id,
      );
      outbound.push({ messageId: ack.id, ticketId: result.ticketId, key: r.key });
      const res = await runApp(
        toRequest({
          method: "POST",
          path: `/api/staff/tickets/${result.ticketId}/replies`,
          headers: { Authorization: `Bearer ${BOOTSTRAP}`, "Content-Type": "application/json" },
          body: JSON.stringify({ body: replyBody(seed, i) }),
        }),
        staff.env,
      );
      expect(res.status).toBe(201);
      const { message } = (await res.json()) as { message: { id: string } };
      outbound.push({ messageId: message.id, ticketId: result.ticketId, key: r.key, long: i % 3 === 2 });
    }
    expect(staff.deliveries.sent.map((j) => j.messageId).sort()).toEqual(
      outbound
        .filter((_, i) => i % 2 === 1)
        .map((o) => o.messageId)
        .sort(),
    );

    await setChaos(provider.root, { rate: FAULT_RATE, seed, keys: recipients.map((r) => r.key), retry_after: 1 });
    const deadLetters = recordingQueue<DeliveryJob & { error: string }>();
    const consumerEnv = { ...env, DEAD_LETTERS: deadLetters } as Env;
    const stuck = await drainLikeTheQueue(
      consumerEnv,
      outbound.map((o) => o.messageId),
      seeded(seed),
    );
    await setChaos(provider.root, { rate: 0, keys: [] });
    expect(stuck, `seed ${seed}: the queue ran dry`).toEqual([]);

    let sent = 0;
    let failed = 0;
    for (const o of outbound) {
      const row = await messageRow(o.messageId);
      const where = `seed ${seed}: ${o.messageId} (${row.delivery_status}, ${row.delivery_attempts} attempts)`;
      expect(["sent", "failed"], where).toContain(row.delivery_status);
      if (o.long) {
        // Split into several messages: each part must reach the customer once, in order.
        const parts = (await provider.textsTo(o.key)).filter((t) => t.trim() && row.body.includes(t.trim()));
        expect(new Set(parts).size, `${where}: no part sent twice`).toBe(parts.length);
        if (row.delivery_status === "sent") {
          sent++;
          expect(normalized(parts.join(" ")), `${where}: every part once, in order`).toBe(normalized(row.body));
        } else {
          failed++;
          expect(row.delivery_error, where).toBeTruthy();
        }
        continue;
      }
      const sends = await provider.sendsOf(o.key, row.body);
      if (row.delivery_status === "sent") {
        sent++;
        if (sends !== 1) {
          const seen = (await provider.callsOf(o.key)).map((c) => ({
            failedWith: c.failedWith,
            text: String(c.params?.text ?? c.body?.content ?? "").slice(-120),
          }));
          expect.fail(
            `${where} reached the customer ${sends} times; body ${JSON.stringify(row.body.slice(-120))}, provider id ${row.provider_message_id}; calls ${JSON.stringify(seen)}`,
          );
        }
        expect(row.provider_message_id, where).toBeTruthy();
      } else {
        failed++;
        expect(sends, `${where} never reached the customer`).toBe(0);
        expect(row.delivery_error, where).toBeTruthy();
        const view = await staffTicket(o.ticketId);
        expect(view.messages.find((m) => m.id === o.messageId)?.delivery?.status, `${where} shows failed`).toBe(
          "failed",
        );
        expect(deadLetters.sent.filter((d) => d.messageId === o.messageId)).toHaveLength(1);
      }
    }
    expect(sent + failed).toBe(outbound.length);

    // The faults really happened, of every kind, at roughly the configured rate.
    const calls = (await Promise.all(recipients.map((r) => provider.callsOf(r.key)))).flat();
    const faults = calls.filter((c) => c.failedWith);
    const kinds = new Set(faults.map((c) => c.failedWith));
    expect([...kinds].sort(), `seed ${seed}: 500, 429 and dropped connections were all injected`).toEqual(
      [-1, 429, 500].sort(),
    );
    // 30% on average; a seeded run of ~50-150 calls lands well above 10%.
    expect(faults.length / calls.length).toBeGreaterThan(0.1);
    console.info(
      `${provider.name}: ${outbound.length} outbound, ${sent} sent once, ${failed} failed visibly; ` +
        `${calls.length} API calls, ${faults.length} faults (seed ${seed})`,
    );
  });
});
