import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../../channels/discord/commands";
import { type FakeDiscord, startFakeDiscord } from "../../fakes/discord-api";

const SCRIPT = fileURLToPath(new URL("../../../scripts/discord-register.mjs", import.meta.url));
// The script imports commands.ts: it needs Node 22's type stripping (the `node` devDependency), as npm runs it.
const NODE22 = fileURLToPath(new URL("../../../node_modules/.bin/node", import.meta.url));
const TOKEN = "REGISTER.test-discord-token";
const APP = "1100000000000000001";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function runRegister(vars: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(NODE22, [SCRIPT], {
    env: {
      PATH: process.env.PATH ?? "",
      DEV_VARS_FILE: "/nonexistent/.dev.vars",
      WRANGLER_TOML: "/nonexistent/wrangler.toml",
      DISCORD_BOT_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_ROOT: fake.url,
      ...vars,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out })));
}

describe("npm run discord:register", { timeout: 30_000 }, () => {
  it("PUTs the commands globally, with zh-CN names and descriptions", async () => {
    const { code, out } = await runRegister({});
    expect(code, out).toBe(0);
    const [call] = fake.calls({ route: "putCommands" });
    expect(call).toMatchObject({ method: "PUT", path: `/applications/${APP}/commands`, auth: "Bot" });
    expect(call?.body).toEqual(COMMANDS);
    const names = COMMANDS.map((c) => [c.name, c.name_localizations["zh-CN"]]);
    expect(names).toEqual([
      ["support", "客服"],
      ["status", "工单状态"],
      ["human", "人工客服"],
      ["verify", "核实"],
      ["link", "关联账号"],
    ]);
    expect(out).toContain(`Registered ${COMMANDS.length} commands globally`);
    expect(out).not.toContain(TOKEN);
  });

  it("PUTs them to one server with DISCORD_GUILD_ID", async () => {
    const { code } = await runRegister({ DISCORD_GUILD_ID: "1200000000000000009" });
    expect(code).toBe(0);
    expect(fake.calls({ route: "putCommands" })[0]?.path).toBe(
      `/applications/${APP}/guilds/1200000000000000009/commands`,
    );
  });

  it("fails clearly without a token or with a wrong one, never printing it", async () => {
    const none = await runRegister({ DISCORD_BOT_TOKEN: "" });
    expect(none.code).toBe(1);
    expect(none.out).toContain("DISCORD_BOT_TOKEN is missing");
    const wrong = await runRegister({ DISCORD_BOT_TOKEN: "WRONG.token" });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain("401");
    expect(wrong.out).not.toContain("WRONG.token");
  });
});
