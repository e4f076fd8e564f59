/**
 * The gateway relay: a discord.js Client that receives what HTTP interactions never deliver
 * (DMs to the bot, messages in ticket threads) and forwards each to the Worker, signed.
 * discord.js reconnects and resumes on its own; running two relays is safe (the Worker dedupes
 * by message id).
 */
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { forward, payloadOf } from "./forward.mjs";

/**
 * @param {{ token: string, workerUrl: string, secret: string, apiRoot?: string, log?: Pick<Console, "log" | "warn" | "error"> }} opts
 */
export function createRelay({ token, workerUrl, secret, apiRoot = "https://discord.com/api", log = console }) {
  const client = new Client({
    // MessageContent is a privileged intent: enable it for the bot in the Developer Portal.
    intents: [GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    // DM channels are not cached: without Partials.Channel, messageCreate never fires for DMs.
    partials: [Partials.Channel],
    rest: { api: apiRoot },
  });
  const pending = new Set();

  client.on(Events.MessageCreate, (message) => {
    const payload = payloadOf(message);
    if (!payload) return;
    const task = forward({ workerUrl, secret, payload, log }).finally(() => pending.delete(task));
    pending.add(task);
  });
  client.once(Events.ClientReady, (c) => log.log(`relay: connected as ${c.user.tag}, forwarding to ${workerUrl}`));
  client.on(Events.ShardDisconnect, (_event, id) => log.warn(`relay: shard ${id} disconnected; reconnecting`));
  client.on(Events.Error, (err) => log.error(`relay: ${err.message}`));

  return {
    client,
    /** Connects to the gateway; resolves once logged in. */
    start: () => client.login(token),
    /** Waits for in-flight forwards, then disconnects. */
    async stop() {
      await Promise.allSettled([...pending]);
      await client.destroy();
    },
  };
}
