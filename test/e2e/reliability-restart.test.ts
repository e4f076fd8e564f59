// `wrangler dev` stopped in the middle of a burst of Telegram updates and started again on the
// same local state: nothing accepted before the stop is lost, what was not accepted is
// redelivered (as Telegram does) and stored once, and the acknowledgements queued before the
// stop still reach every customer, once.
//
// Local Queues live in memory (Cloudflare's are durable), so a local stop loses the queue's
// copy of every pending acknowledgement; the outbox rows in D1 are what survives, and the cron
// sweep (src/pipeline/sweep.ts) hands them to the queue again. The test lets the sweep's grace
// period pass by moving the rows' due times into the past, then fires the cron.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

const TOKEN = "555000222:E2E-restart-telegram-token";
const SECRET = "e2e-restart-webhook-secret";
const CUSTOMERS = 40;
/** Stop once this many updates were acknowledged (the rest are in flight or not sent yet). */
const STOP_AFTER = 12;

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs SQL on the worker's local D1 (its --persist-to state) with wrangler, as an operator would. */
function localSql(persistDir: string, sql: string): string {
  const node = join(ROOT, "node_modules", "node", "bin", "node");
  const r = spawnSync(
    node,
    [
      join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      persistDir,
      "--command",
      sql,
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" } },
  );
  if (r.status !== 0) throw new Error(`d1 execute failed: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let fake: FakeTelegram;
let worker: RunningWorker;

beforeAll(async () => {
  ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
});
printOutputOnFailure(() => worker);

const base = 7_100_000_000 + Math.floor(Math.random() * 1e6) * 100;
const chats = Array.from({ length: CUSTOMERS }, (_, i) => base + i);
const updateOf = (chatId: number, i: number) => ({
  update_id: 500_000 + i,
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: "private", first_name: "Lin" },
    from: { id: chatId, is_bot: false, first_name: "Lin", language_code: "en" },
    text: `Deposit of ${i} USDT missing`,
  },
});

/**
 * A staff API read. Retried on a dropped connection: wrangler dev reloads when a source file
 * changes, and a read is safe to repeat.
 */
async function staffGet<T>(path: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${worker.url}/api/staff${path}`, {
        headers: { Authorization: `Bearer ${worker.bootstrapToken}` },
      });
      if (res.status === 200) return (await res.json()) as T;
      if (attempt >= 3) throw new Error(`GET ${path}: ${res.status}`);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Delivers one update; true when the Worker acknowledged it (200), false on any failure. */
async function deliver(i: number): Promise<boolean> {
  try {
    const res = await fetch(`${worker.url}/webhooks/telegram`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: JSON.stringify(updateOf(chats[i] as number, i)),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

describe("wrangler dev stopped in the middle of a burst", () => {
  it("keeps everything accepted before the stop, stores redeliveries once, and sends every queued acknowledgement and reply once", async () => {
    // The Bot API rate-limits every send during the burst (retry after 60 s), so every
    // acknowledgement is still waiting in the queue when the Worker stops.
    fake.fail({ method: "sendMessage", times: 10_000, error_code: 429, retry_after: 60 });

    // A customer from before the burst, and a staff reply to them that is still queued at the stop.
    const earlier = base + CUSTOMERS;
    const first = await fetch(`${worker.url}/webhooks/telegram`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: JSON.stringify({ ...updateOf(earlier, 999), update_id: 499_999 }),
    });
    expect(first.status).toBe(200);
    const { tickets: before } = await staffGet<{ tickets: Array<{ id: string }> }>("/tickets?channel=telegram&limit=1");
    const replyText = `We found your deposit (${earlier}).`;
    const reply = await fetch(`${worker.url}/api/staff/tickets/${before[0]?.id}/replies`, {
      method: "POST",
      headers: { Authorization: `Bearer ${worker.bootstrapToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ body: replyText }),
    });
    expect(reply.status).toBe(201);

    const accepted = new Set<number>();
    let stopped: Promise<void> | null = null;
    const burst = chats.map(async (_, i) => {
      // Spread the burst a little, so the stop lands in the middle of it.
      await new Promise((r) => setTimeout(r, i * 15));
      if (stopped) return;
      if (await deliver(i)) accepted.add(i);
      if (accepted.size >= STOP_AFTER && !stopped) stopped = worker.restart();
    });
    await Promise.all(burst);
    await stopped;
    const acceptedBeforeStop = new Set(accepted);
    expect(acceptedBeforeStop.size).toBeGreaterThanOrEqual(STOP_AFTER);
    expect(acceptedBeforeStop.size, "the stop interrupted the burst").toBeLessThan(CUSTOMERS);

    // Telegram redelivers what was not acknowledged, and may redeliver some of what was.
    fake.reset();
    for (let i = 0; i < CUSTOMERS; i++) {
      if (!accepted.has(i) || i % 5 === 0) expect(await deliver(i), `redelivery of ${i}`).toBe(true);
    }

    // Ten minutes later (the sweep's grace period) the cron finds the acknowledgements whose queue copy was lost.
    const past = "2000-01-01T00:00:00.000Z";
    localSql(
      worker.persistDir,
      `UPDATE messages SET next_attempt_at = '${past}',
         delivery_lease_until = CASE WHEN delivery_lease_until IS NULL THEN NULL ELSE '${past}' END
       WHERE delivery_status IN ('queued', 'sending')`,
    );
    // The d1 command above can take longer than wrangler's keep-alive under load: a pooled connection it
    // closed meanwhile fails at once ("other side closed"), so the trigger is sent again on a new one.
    const cronUrl = `${worker.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`;
    const cron = await fetch(cronUrl).catch(() => fetch(cronUrl));
    expect(cron.status, await cron.text()).toBe(200);

    // Every customer: one ticket, holding the one message, and exactly one acknowledgement at the fake.
    const { tickets } = await staffGet<{
      tickets: Array<{ id: string; contact: { identities: Array<{ externalId: string }> } }>;
    }>("/tickets?channel=telegram&limit=100");
    for (const [i, chatId] of chats.entries()) {
      const mine = tickets.filter((t) => t.contact.identities.some((x) => x.externalId === String(chatId)));
      expect(
        mine,
        `customer ${i} (${acceptedBeforeStop.has(i) ? "accepted before the stop" : "redelivered"})`,
      ).toHaveLength(1);
      const { messages } = await staffGet<{ messages: Array<{ direction: string; body: string }> }>(
        `/tickets/${mine[0]?.id}`,
      );
      expect(messages.filter((m) => m.direction === "in").map((m) => m.body)).toEqual([`Deposit of ${i} USDT missing`]);
    }
    const sent = await eventually(
      async () => {
        const ok = chats.map(
          (c) => fake.calls({ chatId: c, method: "sendMessage" }).filter((x) => !x.failedWith).length,
        );
        return ok.every((n) => n >= 1) ? ok : undefined;
      },
      "an acknowledgement to every customer",
      90_000,
    );
    expect(
      sent.filter((n) => n !== 1),
      "no customer acknowledged twice",
    ).toEqual([]);
    const toEarlier = await eventually(
      async () => {
        const texts = fake
          .calls({ chatId: earlier, method: "sendMessage" })
          .filter((x) => !x.failedWith)
          .map((x) => String(x.params.text));
        return texts.length >= 2 ? texts : undefined;
      },
      "the queued staff reply and acknowledgement",
      30_000,
    );
    expect(
      toEarlier.filter((t) => t === replyText),
      "the staff reply queued before the stop, sent once",
    ).toHaveLength(1);
    console.info(
      `restart: ${acceptedBeforeStop.size} of ${CUSTOMERS} accepted before the stop; all stored once, acknowledged once`,
    );
  });
});
