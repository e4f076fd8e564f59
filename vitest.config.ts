import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(new URL("./migrations", import.meta.url).pathname);

export default defineConfig({
  test: {
    // Vitest's own teardown race on loaded machines: a worker's RPC closed while a module resolve was still
    // pending, after every test of the file passed (seen once, "Closing rpc while \"resolve\" was pending").
    // Only that error is let through; every other unhandled error still fails the run.
    onUnhandledError: (error) =>
      !(error.name === "EnvironmentTeardownError" && /Closing rpc while "resolve" was pending/.test(error.message)),
    projects: [
      {
        // Pure core logic on Node: fast, no runtime needed.
        // Generated tests run hundreds of cases: a shared, loaded machine can take more than the default 5 s.
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        // Inside workerd with real local D1, R2, Queues and Durable Objects.
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            main: "./src/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ENVIRONMENT: "test",
                STAFF_BOOTSTRAP_TOKEN: "test-bootstrap-token",
                // Live chat's identity verification (tests sign identities with it: test/integration/channels/webform/chat-helpers.ts).
                CHAT_IDENTITY_SECRET: "test-chat-identity-secret",
                TEST_MIGRATIONS: migrations,
                // Replay seeds of the generated tests: string bindings are the Worker's process.env (nodejs_compat).
                ...Object.fromEntries(
                  ["HOSTILE_SEED", "REDACT_SEED", "ATTACK_SEED"].flatMap((k) =>
                    process.env[k] ? [[k, process.env[k]]] : [],
                  ),
                ),
                // The Telegram channel talks to the fake Bot API that globalSetup started.
                TELEGRAM_BOT_TOKEN: inject("telegramToken"),
                TELEGRAM_WEBHOOK_SECRET: "test-telegram-webhook-secret",
                TELEGRAM_BOT_USERNAME: "relaydesk_test_bot",
                TELEGRAM_SUPPORT_GROUPS: "-1001000000001",
                TELEGRAM_API_ROOT: `http://127.0.0.1:${inject("telegramPort")}`,
                // Discord: the fake REST API and a key pair that globalSetup generated (tests sign with the private half).
                DISCORD_BOT_TOKEN: inject("discordToken"),
                DISCORD_API_ROOT: `http://127.0.0.1:${inject("discordPort")}/api`,
                DISCORD_APPLICATION_ID: "1100000000000000001",
                DISCORD_PUBLIC_KEY: inject("discordPublicKey"),
                DISCORD_RELAY_SECRET: "test-discord-relay-secret",
                TEST_DISCORD_PRIVATE_KEY: inject("discordPrivateKey"),
                // Email: sent through the fake Mailgun API; provider webhooks with test credentials.
                SUPPORT_EMAIL: "support@relaydesk.test",
                EMAIL_SENDER: "mailgun",
                EMAIL_API_ROOT: `http://127.0.0.1:${inject("mailgunPort")}`,
                MAILGUN_API_KEY: inject("mailgunKey"),
                MAILGUN_WEBHOOK_SIGNING_KEY: "test-mailgun-signing-key",
                EMAIL_BOUNCE_SECRET: "test-email-bounce-secret",
                POSTMARK_INBOUND_AUTH: "postmark:test-postmark-password",
                SENDGRID_INBOUND_AUTH: "sendgrid:test-sendgrid-password",
              },
            },
          })),
        ],
        // The Worker's own stand-ins (wrangler.toml [alias]), so tests run the code production runs.
        resolve: {
          alias: {
            "@vladfrangu/async_event_emitter": new URL(
              "./channels/discord/shims/async-event-emitter.ts",
              import.meta.url,
            ).pathname,
          },
        },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // Whole-pipeline tests (ingest, queue, delivery to a fake API) take seconds on 2 shared
          // cores; the 5 s default turned load into failures. Nothing here is a timing assertion.
          testTimeout: 30_000,
          setupFiles: ["./test/integration/apply-migrations.ts"],
          globalSetup: [
            "./test/setup/build-client.ts",
            "./test/fakes/telegram-global-setup.ts",
            "./test/fakes/discord-global-setup.ts",
            "./test/fakes/email-global-setup.ts",
          ],
        },
      },
      {
        // Real `wrangler dev` processes driven over HTTP (and, later, Chromium).
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // One more run for a test that failed: these drive real processes and a browser on 2 shared
          // cores, where a crashed `wrangler dev` (restarted by printOutputOnFailure) must not fail CI.
          retry: 1,
        },
      },
    ],
  },
});
