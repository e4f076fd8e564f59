import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Setup files run before each test file; applying is idempotent.
await applyD1Migrations(env.DB, (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS);

// The FeedHub Durable Object's code is loaded here, before any test: otherwise a queue consumer's
// late feed publish (after the file's last test) can be the first to load it, asking vitest to
// resolve modules while it tears the worker down ("Closing rpc while "resolve" was pending").
const hub = env.FEED_HUB.get(env.FEED_HUB.idFromName("staff-feed"));
await (await hub.fetch("http://feed.invalid/warm-up")).body?.cancel();
