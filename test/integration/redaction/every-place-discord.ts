/**
 * Every Discord input a customer controls (every-place.test.ts): the /support form, relayed DMs and forwards
 * with their files and names, commands' options, buttons, malformed bodies; and the API failing a staff reply.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { signRelay } from "../../../channels/discord";
import { command, relayMessage, snowflake, supportSubmit } from "../channels/discord/builders";
import { fakeDiscord, signInteraction, ticketIdsOf, waitFor } from "../channels/discord/harness";
import { credentials, halves, type Inputs, phraseOf, settled, staffPost } from "./every-place-requests";
import { pasted, type Secret } from "./every-place-scan";

async function interaction(body: Record<string, unknown>, raw = JSON.stringify(body)): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  if (typeof body.token === "string") credentials.push(body.token);
  return settled("/webhooks/discord", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Signature-Timestamp": timestamp,
      "X-Signature-Ed25519": await signInteraction(timestamp, raw),
    },
    body: raw,
  });
}

async function relay(body: unknown, raw = JSON.stringify(body)): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const secret = (env as unknown as { DISCORD_RELAY_SECRET: string }).DISCORD_RELAY_SECRET;
  return settled("/webhooks/discord/relay", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Relay-Timestamp": timestamp,
      "X-Relay-Signature": await signRelay(secret, timestamp, raw),
    },
    body: raw,
  });
}

/** A Discord user (of a DM) whose global name is the phrase. */
function named<T extends object>(i: T, s: Secret): T {
  const { user } = i as unknown as { user: { global_name: string } };
  user.global_name = phraseOf(s).slice(0, 100);
  return i;
}

export const discordInputs: Inputs = {
  "discord support form": async (s) => {
    const fields = {
      subject: halves(s)[0],
      description: pasted(s),
      uid: `password: ${s.password}`,
      txid: `private key ${s.key}`,
    };
    expect((await interaction(named(supportSubmit(fields), s))).status).toBe(200);
  },
  "discord relay message and forward": async (s) => {
    const userId = snowflake();
    const file = (name: string) => ({
      id: snowflake(),
      filename: name,
      url: `https://cdn.discordapp.com/attachments/${snowflake()}/${snowflake()}/x.png`,
      size: 10,
      contentType: "image/png",
    });
    const m = relayMessage({ userId, content: pasted(s), attachments: [file(`${s.words.join("_")}.png`)] });
    const body = {
      ...m,
      author: { ...m.author, globalName: phraseOf(s).slice(0, 100) },
      forwarded: { content: pasted(s), attachments: [file(`${s.words.join("-")}.png`)] },
    };
    expect((await relay(body)).status).toBe(200);
  },
  "discord commands and buttons": async (s) => {
    const userId = snowflake();
    const withOption = (name: string, option: string, value: string) => {
      const i = named(command(name, { userId }), s);
      return { ...i, data: { ...i.data, options: [{ name: option, type: 3, value }] } };
    };
    for (const i of [
      withOption("verify", "handle", pasted(s)),
      withOption("link", "code", phraseOf(s)),
      named(command("human", { userId }), s),
      named(command("status", { userId }), s),
    ])
      expect((await interaction(i)).status).toBe(200);
    const press = named(command("x", { userId }), s) as Record<string, unknown>;
    press.type = 3;
    press.data = { custom_id: `csat:${s.words.join(":")}`.slice(0, 100), component_type: 2 };
    expect((await interaction(press)).status).toBeLessThan(500);
  },
  "discord malformed bodies": async (s) => {
    const raw = `{"type": 2, "token": "x", "data": {"name": ${JSON.stringify(pasted(s))}`;
    expect((await interaction({}, raw)).status).toBe(400);
    expect((await relay({}, `{"content": ${JSON.stringify(pasted(s))}`)).status).toBe(400);
  },
};

/** The API refusing (401) and failing (500) a staff reply for this DM only: what the Worker logs. */
export const discordErrors: Inputs = {
  "Discord API failing a staff reply": async (s) => {
    const userId = snowflake();
    expect((await relay(relayMessage({ userId, content: pasted(s) }))).status).toBe(200);
    const channelId = await fakeDiscord.dmChannelOf(userId);
    await fakeDiscord.fail({ route: "createMessage", channel_id: channelId, status: 401, code: 0, times: 1 });
    await fakeDiscord.fail({ route: "createMessage", channel_id: channelId, status: 500, times: 20 });
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    expect((await settled(`/api/staff/tickets/${ticketId}/replies`, staffPost({ body: pasted(s) }))).status).toBe(201);
    await waitFor(async () => {
      const calls = await fakeDiscord.calls({ route: "createMessage", channelId });
      return calls.some((c) => c.failedWith === 401) ? true : undefined;
    }, "a refused createMessage");
  },
};
