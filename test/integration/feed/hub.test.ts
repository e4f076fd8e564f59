import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BOOTSTRAP, openTicket } from "../staff/helpers";

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
});
