import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../../fakes/discord-api";

const PACKAGE = fileURLToPath(new URL("../../../../packages/discord-relay/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const NODE22 = join(ROOT, "node_modules/.bin/node");

let fake: FakeDiscord;
let dir = "";
beforeAll(async () => {
  fake = await startFakeDiscord({ token: "RELAY.the-only-valid-token" });
  dir = mkdtempSync(join(tmpdir(), "relay-main-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the package's `start` script's program, as npm would, with only `env` (and PATH). */
function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const pkg = JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8")) as { scripts: { start: string } };
  const [program, ...args] = pkg.scripts.start.split(" ");
  expect(program).toBe("node");
  const child = spawn(NODE22, args, {
    cwd: PACKAGE,
    env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, out });
    }),
  );
}

describe("the relay package's start script", { timeout: 30_000 }, () => {
  it("exits 1 naming every missing setting, without printing the token it has", async () => {
    const token = `RELAY.${randomBytes(16).toString("base64url")}`;
    const { code, out } = await start({ DEV_VARS_FILE: join(dir, "absent"), DISCORD_BOT_TOKEN: token });
    expect(code).toBe(1);
    expect(out).toContain("missing DISCORD_RELAY_SECRET, RELAY_WORKER_URL (or PUBLIC_URL)");
    expect(out).not.toContain("DISCORD_BOT_TOKEN");
    expect(out).not.toContain(token);
  });

  it("reads .dev.vars where npm started, and a rejected token fails the login without being printed", async () => {
    const token = `RELAY.${randomBytes(16).toString("base64url")}`;
    writeFileSync(
      join(dir, ".dev.vars"),
      `DISCORD_BOT_TOKEN="${token}"\nDISCORD_RELAY_SECRET=s3cret\nRELAY_WORKER_URL=http://127.0.0.1:9\nDISCORD_API_ROOT=${fake.url}\n`,
    );
    const { code, out } = await start({ INIT_CWD: dir });
    expect(code).toBe(1);
    expect(out).toContain("discord:relay: could not log in");
    expect(out).not.toContain(token);
    // It got as far as asking the (fake) API with the file's token, which was refused.
    expect(fake.calls({ route: "gatewayBot" }).map((c) => c.failedWith)).toContain(401);
  });
});
