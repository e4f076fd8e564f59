import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { FeedHub } from "../../../src/feed/hub";
import { rng } from "../../support/secret-generator";
import { BOOTSTRAP, openTicket } from "../staff/helpers";

/** Replayable: FEED_SEED=<seed> runs the same burst again. */
const SEED = Number(process.env.FEED_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`feed hub seed: ${SEED} (replay with FEED_SEED=${SEED})`);

interface Event {
  type: string;
  seq: number;
  ticketId?: string;
}

/** Opens the staff feed WebSocket and collects what arrives. */
async function connect(since?: number) {
  const res = await exports.default.fetch(
    `http://relaydesk.test/api/staff/feed${since === undefined ? "" : `?since=${since}`}`,
    {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${BOOTSTRAP}` },
    },
  );
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const events: Event[] = [];
  ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string)));
  return { ws, events };
}

async function until(fn: () => boolean, what: string) {
  const end = Date.now() + 5_000;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("staff live feed (FeedHub)", () => {
  it("refuses without a token and without an upgrade", async () => {
    const noAuth = await exports.default.fetch("http://relaydesk.test/api/staff/feed", {
      headers: { Upgrade: "websocket" },
    });
    expect(noAuth.status).toBe(401);
    const noUpgrade = await exports.default.fetch("http://relaydesk.test/api/staff/feed", {
      headers: { Authorization: `Bearer ${BOOTSTRAP}` },
    });
    expect(noUpgrade.status).toBe(400);
  });

  it("pushes a new ticket to every connected tab, and replays missed events on reconnect", async () => {
    const a = await connect();
    const b = await connect();
    await until(() => a.events.some((e) => e.type === "hello") && b.events.some((e) => e.type === "hello"), "hello");
    const lastSeen = a.events.find((e) => e.type === "hello")?.seq ?? 0;
    a.ws.close();

    const t = await openTicket("Feed test: withdrawal stuck");
    await until(() => b.events.some((e) => e.type === "ticket.created" && e.ticketId === t.id), "event on tab b");

    const again = await connect(lastSeen);
    await until(
      () => again.events.some((e) => e.type === "ticket.created" && e.ticketId === t.id),
      "catch-up on reconnect",
    );
    const seqs = again.events.filter((e) => e.type !== "hello").map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    b.ws.close();
    again.ws.close();
  });

  // The hub keeps the last seq in memory (read from storage once per object): a stale copy would hand two
  // events one seq, and a tab's catch-up would miss one.
  it(`gives a burst of concurrent publishes distinct consecutive seqs, with a tab joining mid-burst (seed ${SEED})`, async () => {
    const r = rng(SEED);
    const ns = env.FEED_HUB as unknown as DurableObjectNamespace<FeedHub>;
    const hub = ns.get(ns.idFromName("staff-feed"));
    const first = await connect();
    await until(() => first.events.some((e) => e.type === "hello"), "hello");
    const start = first.events.find((e) => e.type === "hello")?.seq ?? 0;
    first.ws.close();
    const n = 2 + r.int(40);
    const joinAt = r.int(n);
    const published: Promise<{ seq: number }>[] = [];
    let joined: ReturnType<typeof connect> | undefined;
    for (let i = 0; i < n; i++) {
      published.push(hub.publish({ type: "message.delivery", messageId: `msg_burst${i}`, delivery: "sent" }));
      if (i === joinAt) joined = connect();
    }
    const seqs = (await Promise.all(published)).map((e) => e.seq).sort((x, y) => x - y);
    const expected = Array.from({ length: n }, (_, i) => start + 1 + i);
    expect(seqs).toEqual(expected);
    const mid = await (joined as ReturnType<typeof connect>);
    await until(() => mid.events.some((e) => e.type === "hello"), "hello mid-burst");
    const midSeq = mid.events.find((e) => e.type === "hello")?.seq ?? -1;
    expect(midSeq).toBeGreaterThanOrEqual(start);
    expect(midSeq).toBeLessThanOrEqual(start + n);
    const again = await connect(start);
    await until(() => again.events.filter((e) => e.type === "message.delivery").length >= n, "catch-up");
    expect(again.events.filter((e) => e.type === "message.delivery").map((e) => e.seq)).toEqual(expected);
    const next = await hub.publish({ type: "message.delivery", messageId: "msg_after", delivery: "sent" });
    expect(next.seq).toBe(start + n + 1);
    mid.ws.close();
    again.ws.close();
  });
});
