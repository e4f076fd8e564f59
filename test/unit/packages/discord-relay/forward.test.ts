import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forward, type RelayPayload } from "../../../../packages/discord-relay/src/forward.mjs";

let statuses: number[] = [];
const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
const server = createServer(async (req, res) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  received.push({ headers: req.headers, body });
  res.writeHead(statuses.shift() ?? 200, { "Content-Type": "application/json" });
  res.end("{}");
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const payload: RelayPayload = {
  id: "1",
  channelId: "2",
  kind: "dm",
  guildId: null,
  author: { id: "3", username: "mei", globalName: null },
  content: "hi",
  timestamp: new Date().toISOString(),
  attachments: [],
  replyToId: null,
};
const quiet = { warn: () => {}, error: () => {} };
const noSleep = async () => {};

describe("forward (relay -> Worker)", () => {
  it("POSTs the signed payload to /webhooks/discord/relay, retrying 5xx until accepted", async () => {
    received.length = 0;
    statuses = [503, 500];
    expect(await forward({ workerUrl: url, secret: "s", payload, log: quiet, sleep: noSleep })).toBe(true);
    expect(received).toHaveLength(3);
    expect(received[2]?.body).toBe(JSON.stringify(payload));
    expect(received[2]?.headers["x-relay-signature"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("drops what the Worker refuses (4xx) without retrying", async () => {
    received.length = 0;
    statuses = [401];
    expect(await forward({ workerUrl: url, secret: "s", payload, log: quiet, sleep: noSleep })).toBe(false);
    expect(received).toHaveLength(1);
  });
});
