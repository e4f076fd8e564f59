/** Worker entry: fetch (Hono), queue consumer, cron sweep; exports the Durable Object classes. */
import { createChannels } from "../channels";
import { createApp } from "./app";
import type { DeliveryJob, Env } from "./env";
import { handleDeliveryBatch } from "./pipeline/queue";
import { sweepOutbox } from "./pipeline/sweep";

export { FeedHub } from "./feed/hub";

const channels = createChannels();
const app = createApp(channels);

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await handleDeliveryBatch(batch, env, channels);
  },
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepOutbox(env));
  },
} satisfies ExportedHandler<Env, DeliveryJob>;
