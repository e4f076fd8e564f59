import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../../bench/bundle-size.mjs", import.meta.url));

describe("the Worker bundle (wrangler deploy --dry-run)", () => {
  it("has @discordjs/rest but not discord.js, whose gateway client belongs to the relay", { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: "utf8", timeout: 110_000 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { discordJs: boolean; discordjsRest: boolean; gzipBytes: number };
    expect(result.discordJs).toBe(false);
    expect(result.discordjsRest).toBe(true);
    expect(result.gzipBytes).toBeLessThan(3 * 1024 * 1024);
  });
});
