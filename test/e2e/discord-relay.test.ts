// The gateway relay over real sockets: the real discord.js Client (npm run discord:relay's
// program) against a fake gateway on 127.0.0.1, forwarding to wrangler dev.
// DM on the gateway -> relay -> signed POST -> ticket; the Worker's acknowledgement -> fake REST.
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message, Ticket } from "../../src/core/ticket";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord-api";
import { dmMessageCreate, FAKE_BOT_USER, type FakeGateway, startFakeGateway } from "../fakes/discord-gateway";
import { eventually, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

/** A ticket with its messages, as the staff API answers it. */
interface TicketView {
  ticket: Ticket;
  messages: Message[];
}

const ROOT = resolve(import.meta.dirname, "../..");
const TOKEN = "E2E.fake-discord-token.relay";
const SECRET = "e2e-discord-relay-secret";
const KEYS = generateKeyPairSync("ed25519");
const PUBLIC_KEY = KEYS.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");

let fake: FakeDiscord;
let gateway: FakeGateway;
let worker: RunningWorker;
let relay: ChildProcess | undefined;
let relayLog = "";

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
  gateway = await startFakeGateway(fake);
  worker = await startWrangler({
    vars: {
      DISCORD_BOT_TOKEN: TOKEN,
      DISCORD_RELAY_SECRET: SECRET,
      DISCORD_API_ROOT: fake.url,
      DISCORD_PUBLIC_KEY: PUBLIC_KEY,
    },
  });
  // Exactly `npm run discord:relay` at the root: the @relaydesk/discord-relay workspace's `start`
  // script, on Node 22 from the root's `node` devDependency; settings from the environment only.
  // Its own process group, so stopping it reaches the relay under the npm processes.
  relay = spawn("npm", ["run", "--silent", "discord:relay"], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH ?? "",
      DEV_VARS_FILE: "/nonexistent/.dev.vars",
      DISCORD_BOT_TOKEN: TOKEN,
      DISCORD_RELAY_SECRET: SECRET,
      DISCORD_API_ROOT: fake.url,
      RELAY_WORKER_URL: worker.url,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  relay.stdout?.on("data", (d) => (relayLog += d));
  relay.stderr?.on("data", (d) => (relayLog += d));
  await Promise.race([
    gateway.identified(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`relay never identified:\n${relayLog}`)), 30_000)),
  ]);
});
afterAll(async () => {
  const proc = relay;
  if (proc?.pid && proc.exitCode === null) {
    const exited = new Promise((r) => proc.once("exit", r));
    process.kill(-proc.pid, "SIGTERM");
    await exited;
  }
  await worker?.stop();
  await gateway?.close();
  await fake?.close();
});
printOutputOnFailure(() => worker);

function staff(path: string) {
  return fetch(`${worker.url}/api/staff${path}`, { headers: { Authorization: `Bearer ${worker.bootstrapToken}` } });
}

describe("Discord interactions on wrangler dev", () => {
  it("workerd verifies a real Ed25519 signature: a signed PING gets PONG, a forged one 401", async () => {
    const body = JSON.stringify({ id: "1", application_id: "1", type: 1, token: "t", version: 1 });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), KEYS.privateKey).toString("hex");
    const post = (sig: string) =>
      fetch(`${worker.url}/webhooks/discord`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Signature-Ed25519": sig, "X-Signature-Timestamp": timestamp },
        body,
      });
    const pong = await post(signature);
    expect(pong.status).toBe(200);
    expect(await pong.json()).toEqual({ type: 1 });
    expect((await post("00".repeat(64))).status).toBe(401);
  });
});

describe("the Discord gateway relay (discord.js) on wrangler dev", () => {
  it("identifies with the DM, guild message and message content intents, and never leaks the token", async () => {
    // DirectMessages (1 << 12) | GuildMessages (1 << 9) | MessageContent (1 << 15)
    expect(gateway.identifies[0]?.intents).toBe((1 << 12) | (1 << 9) | (1 << 15));
    await eventually(async () => (relayLog.includes("relay: connected as relaydesk-fake") ? true : undefined), "ready");
    expect(relayLog).not.toContain(TOKEN);
  });

  it("a DM arrives as a message on the customer's ticket, once, however often it is relayed; bots are ignored", async () => {
    const userId = String(1_400_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e9)));
    const channelId = String(BigInt(userId) + 7n);
    const text = `My withdrawal is stuck ${crypto.randomUUID().slice(0, 8)}`;
    const first = dmMessageCreate({ id: String(BigInt(userId) + 1n), channelId, userId, content: text });
    gateway.dispatch("MESSAGE_CREATE", first);
    gateway.dispatch("MESSAGE_CREATE", first); // a second relay (or a replay) sends it again
    gateway.dispatch(
      "MESSAGE_CREATE",
      dmMessageCreate({
        id: String(BigInt(userId) + 2n),
        channelId,
        userId: FAKE_BOT_USER.id,
        content: "echo",
        bot: true,
      }),
    );
    const inbound = (n: number) =>
      eventually(async () => {
        const list = (await (await staff(`/tickets?channel=discord&q=${encodeURIComponent(text)}`)).json()) as {
          tickets: Array<{ id: string }>;
        };
        const id = list.tickets[0]?.id;
        if (!id) return undefined;
        const v = (await (await staff(`/tickets/${id}`)).json()) as TicketView;
        return v.messages.filter((m) => m.direction === "in").length >= n ? v : undefined;
      }, `${n} relayed DMs on a ticket`);
    // The customer's next DM, once the first is on its ticket (two DMs relayed in the same
    // instant may be stored in either order).
    await inbound(1);
    const follow = dmMessageCreate({ id: String(BigInt(userId) + 3n), channelId, userId, content: "TxID 0xfeed" });
    gateway.dispatch("MESSAGE_CREATE", follow);

    const view = await inbound(2);
    expect(view.ticket.channel).toBe("discord");
    expect(view.messages.filter((m) => m.direction === "in").map((m) => m.body)).toEqual([text, "TxID 0xfeed"]);

    // The acknowledgement goes back as a DM through the fake REST API.
    const ack = await eventually(
      async () => fake.calls({ route: "createMessage", channelId: fake.dmChannelOf(userId) })[0],
      "acknowledgement DM",
    );
    expect(String((ack.body as { content?: string }).content)).toContain(view.ticket.number);
    expect(fake.calls({ route: "createDm", recipientId: userId })).toHaveLength(1);
  });
});
