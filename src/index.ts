/** Worker entry: fetch (Hono), email, queue consumer, cron sweeps; exports the Durable Object classes. */
import { handleRoutedEmail } from "../channels/email";
import { createApp } from "./app";
import { createChannels } from "./channels";
import { type DeliveryJob, type Env, loadConfig } from "./env";
import { createDesk } from "./pipeline/desk";
import { handleDeliveryBatch } from "./pipeline/queue";
import { sweepSla } from "./pipeline/sla";
import { sweepOutbox } from "./pipeline/sweep";
import { deleteExpiredSessions } from "./store/sessions";

export { ChatRoom } from "./feed/chat-room";
export { FeedHub } from "./feed/hub";

const app = createApp();

export default {
  fetch: app.fetch,
  // Cloudflare Email Routing: one routed email -> the email channel's inbound path.
  async email(message, env, ctx) {
    const config = loadConfig(env);
    const waitUntil = (p: Promise<unknown>) => ctx.waitUntil(p);
    await handleRoutedEmail(message, { desk: createDesk({ env, config, waitUntil }), config, waitUntil });
  },
  async queue(batch, env) {
    await handleDeliveryBatch(batch, env, createChannels);
  },
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepOutbox(env));
    // SLA: due times from the current policies; new breaches marked once and shown in the feed.
    ctx.waitUntil(sweepSla(env));
    // Staff sessions past their expiry are dead already; the rows go too.
    ctx.waitUntil(deleteExpiredSessions(env.DB, new Date().toISOString()));
  },
} satisfies ExportedHandler<Env, DeliveryJob>;
