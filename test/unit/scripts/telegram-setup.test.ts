import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import COMMANDS from "../../../channels/telegram/commands.json";
import { HANDLED_KINDS } from "../../../channels/telegram/schemas";
import { type FakeTelegram, startFakeTelegram } from "../../fakes/telegram-bot-api";

const SCRIPT = fileURLToPath(new URL("../../../scripts/telegram-setup.mjs", import.meta.url));
const TOKEN = "987654321:SETUP-test-token";

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** Runs the script as npm would (asynchronously: the fake answers from this same process). */
function runSetup(vars: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [SCRIPT], {
    // Only these: nothing from the developer's shell, .dev.vars or wrangler.toml may leak into the run.
    env: {
      PATH: process.env.PATH ?? "",
      DEV_VARS_FILE: "/nonexistent/.dev.vars",
      WRANGLER_TOML: "/nonexistent/wrangler.toml",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: "s3cret_token-1",
      PUBLIC_URL: "https://support.example.com/",
      TELEGRAM_API_ROOT: fake.url,
      ...vars,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out })));
}

describe("npm run telegram:setup", { timeout: 30_000 }, () => {
  it("sets the webhook with the secret and the handled update kinds, and the commands in en and zh", async () => {
    const { code, out } = await runSetup({});
    expect(code, out).toBe(0);
    const [webhook] = fake.calls({ method: "setWebhook" });
    expect(webhook?.params).toEqual({
      url: "https://support.example.com/webhooks/telegram",
      secret_token: "s3cret_token-1",
      allowed_updates: [...HANDLED_KINDS],
      drop_pending_updates: false,
    });
    const commands = fake.calls({ method: "setMyCommands" });
    expect(commands.map((c) => c.params.language_code)).toEqual([undefined, "zh"]);
    expect(commands[0]?.params.commands).toEqual(COMMANDS.map((c) => ({ command: c.command, description: c.en })));
    expect(commands[1]?.params.commands).toEqual(COMMANDS.map((c) => ({ command: c.command, description: c.zh })));
    expect(out).toContain("setWebhook: https://support.example.com/webhooks/telegram");
    expect(out).toContain("setMyCommands: /start /new /status /human /verify /link /lang /help");
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain("s3cret_token-1");
  });

  it("refuses to run without a public URL or with an invalid secret, calling nothing", async () => {
    const cases: Array<Record<string, string>> = [
      { PUBLIC_URL: "" },
      { TELEGRAM_WEBHOOK_SECRET: "has spaces" },
      { TELEGRAM_BOT_TOKEN: "x" },
    ];
    for (const vars of cases) {
      const { code, out } = await runSetup(vars);
      expect(code, JSON.stringify(vars)).toBe(1);
      expect(out).toMatch(/telegram:setup: (PUBLIC_URL|TELEGRAM_WEBHOOK_SECRET|TELEGRAM_BOT_TOKEN)/);
    }
    expect(fake.calls()).toEqual([]);
  });

  it("falls back to a .dev.vars file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tg-setup-"));
    const file = join(dir, ".dev.vars");
    writeFileSync(file, `# local\nTELEGRAM_BOT_TOKEN=${TOKEN}\nTELEGRAM_WEBHOOK_SECRET="from_file"\n`);
    const { code, out } = await runSetup({ DEV_VARS_FILE: file, TELEGRAM_BOT_TOKEN: "", TELEGRAM_WEBHOOK_SECRET: "" });
    rmSync(dir, { recursive: true, force: true });
    expect(code, out).toBe(0);
    expect(fake.calls({ method: "setWebhook" })[0]?.params.secret_token).toBe("from_file");
  });

  it("reports a rejected token without printing it", async () => {
    const wrong = "987654321:WRONG-token";
    const { code, out } = await runSetup({ TELEGRAM_BOT_TOKEN: wrong });
    expect(code).toBe(1);
    expect(out).toContain("401");
    expect(out).not.toContain(wrong);
  });
});
