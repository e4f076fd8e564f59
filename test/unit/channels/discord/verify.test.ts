import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hexToBytes,
  isFreshTimestamp,
  signRelay,
  verifyInteraction,
  verifyRelay,
} from "../../../../channels/discord/verify";
import { payloadOf, signedHeaders } from "../../../../packages/discord-relay/src/forward.mjs";

const enc = new TextEncoder();
const pair = generateKeyPairSync("ed25519");
const publicKeyHex = pair.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const ts = String(Math.floor(now.getTime() / 1000));
const body = '{"type":1}';
const signature = sign(null, Buffer.from(ts + body), pair.privateKey).toString("hex");

describe("verifyInteraction (Ed25519)", () => {
  const check = (over: Partial<Parameters<typeof verifyInteraction>[0]>) =>
    verifyInteraction({ publicKeyHex, signature, timestamp: ts, body: enc.encode(body), now, ...over });

  it("accepts Discord's signature of timestamp + body", async () => {
    expect(await check({})).toBe(true);
  });

  it("rejects a changed body, timestamp or signature, a stale timestamp, and a missing key", async () => {
    expect(await check({ body: enc.encode('{"type":2}') })).toBe(false);
    expect(await check({ timestamp: String(Number(ts) - 1) })).toBe(false);
    expect(await check({ signature: `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}` })).toBe(false);
    expect(await check({ signature: undefined })).toBe(false);
    expect(await check({ now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(await check({ publicKeyHex: "" })).toBe(false);
    expect(await check({ publicKeyHex: "abcd" })).toBe(false);
  });
});

describe("the relay's HMAC", () => {
  it("what the relay (Node) signs, the Worker verifies; any change fails", async () => {
    const payload = '{"id":"1"}';
    const headers = signedHeaders("s3cret", payload, now.getTime());
    const args = {
      secret: "s3cret",
      signature: headers["X-Relay-Signature"],
      timestamp: headers["X-Relay-Timestamp"],
      body: enc.encode(payload),
      now,
    };
    expect(await verifyRelay(args)).toBe(true);
    expect(headers["X-Relay-Signature"]).toBe(await signRelay("s3cret", headers["X-Relay-Timestamp"], payload));
    expect(await verifyRelay({ ...args, secret: "other" })).toBe(false);
    expect(await verifyRelay({ ...args, body: enc.encode('{"id":"2"}') })).toBe(false);
    expect(await verifyRelay({ ...args, now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(await verifyRelay({ ...args, secret: "" })).toBe(false);
  });

  it("timestamps are unix seconds within 5 minutes either way", () => {
    expect(isFreshTimestamp(ts, now)).toBe(true);
    expect(isFreshTimestamp(String(Number(ts) - 300), now)).toBe(true);
    expect(isFreshTimestamp(String(Number(ts) - 301), now)).toBe(false);
    expect(isFreshTimestamp(String(now.getTime()), now)).toBe(false); // milliseconds
    expect(isFreshTimestamp("12.5", now)).toBe(false);
    expect(hexToBytes("0g")).toBeNull();
  });
});

describe("payloadOf (relay)", () => {
  const message = (over: Record<string, unknown> = {}) => ({
    id: "10",
    channelId: "20",
    guildId: null,
    author: { id: "30", username: "mei", globalName: "Mei", bot: false },
    content: "hi",
    createdTimestamp: 0,
    attachments: new Map([
      ["5", { id: "5", name: "a.png", url: "https://cdn/a.png", size: 3, contentType: "image/png" }],
    ]),
    reference: { messageId: "9" },
    channel: { isThread: () => false },
    ...over,
  });

  it("forwards DMs and thread messages; skips bots, webhooks, system messages and plain server channels", () => {
    expect(payloadOf(message() as never)).toMatchObject({
      id: "10",
      kind: "dm",
      author: { id: "30" },
      attachments: [{ filename: "a.png", url: "https://cdn/a.png" }],
      replyToId: "9",
    });
    expect(payloadOf(message({ guildId: "1", channel: { isThread: () => true } }) as never)?.kind).toBe("thread");
    expect(payloadOf(message({ guildId: "1" }) as never)).toBeNull();
    expect(payloadOf(message({ author: { id: "30", username: "b", bot: true } }) as never)).toBeNull();
    expect(payloadOf(message({ webhookId: "7" }) as never)).toBeNull();
    expect(payloadOf(message({ system: true }) as never)).toBeNull();
  });

  it("sends a forward's snapshot as the customer's own text and files, never its pointer into another channel", () => {
    const snapshot = {
      content: `forwarded ${crypto.randomUUID()}`,
      attachments: new Map([["6", { id: "6", name: "b.pdf", url: "https://cdn/b.pdf", size: 4, contentType: null }]]),
    };
    const payload = payloadOf(
      message({
        content: "",
        attachments: new Map(),
        reference: { type: 1, messageId: "77", channelId: "78", guildId: "79" },
        messageSnapshots: new Map([["77", snapshot]]),
      }) as never,
    );
    expect(payload).toMatchObject({
      replyToId: null,
      forwarded: { content: snapshot.content, attachments: [{ filename: "b.pdf", url: "https://cdn/b.pdf" }] },
    });
    expect(JSON.stringify(payload)).not.toMatch(/"7[789]"/);
  });
});
