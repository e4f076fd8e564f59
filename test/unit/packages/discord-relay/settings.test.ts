import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readVars, redactor, relaySettings } from "../../../../packages/discord-relay/src/settings.mjs";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dirWith(devVars?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "relay-settings-"));
  dirs.push(dir);
  if (devVars !== undefined) writeFileSync(join(dir, ".dev.vars"), devVars);
  return dir;
}
const random = () => randomBytes(12).toString("base64url");

describe("relaySettings (the relay's environment, then .dev.vars)", () => {
  it("finds .dev.vars where npm was started (INIT_CWD), quoted or not, CRLF or LF, trimmed", () => {
    const [token, secret, url] = [random(), random(), `https://${random().toLowerCase()}.example`];
    const dir = dirWith(
      `# comment\r\nDISCORD_BOT_TOKEN = "${token}"\r\n  DISCORD_RELAY_SECRET='${secret}'  \nRELAY_WORKER_URL=${url}\n`,
    );
    const setting = relaySettings({ INIT_CWD: dir });
    expect(setting("DISCORD_BOT_TOKEN")).toBe(token);
    expect(setting("DISCORD_RELAY_SECRET")).toBe(secret);
    expect(setting("RELAY_WORKER_URL")).toBe(url);
    expect(setting("DISCORD_API_ROOT")).toBe("");
  });

  it("prefers the environment; a blank environment value falls through to the file", () => {
    const [fromEnv, fromFile] = [random(), random()];
    const dir = dirWith(`DISCORD_BOT_TOKEN=${fromFile}\nDISCORD_RELAY_SECRET=${fromFile}\n`);
    const setting = relaySettings({ INIT_CWD: dir, DISCORD_BOT_TOKEN: ` ${fromEnv}\t`, DISCORD_RELAY_SECRET: "  " });
    expect(setting("DISCORD_BOT_TOKEN")).toBe(fromEnv);
    expect(setting("DISCORD_RELAY_SECRET")).toBe(fromFile);
  });

  it("DEV_VARS_FILE wins over INIT_CWD; a missing file gives empty settings, not an error", () => {
    const [wanted, other] = [random(), random()];
    const chosen = join(dirWith(`DISCORD_RELAY_SECRET=${wanted}\n`), ".dev.vars");
    const ignored = dirWith(`DISCORD_RELAY_SECRET=${other}\n`);
    expect(relaySettings({ DEV_VARS_FILE: chosen, INIT_CWD: ignored })("DISCORD_RELAY_SECRET")).toBe(wanted);
    expect(relaySettings({ DEV_VARS_FILE: join(ignored, "nope", ".dev.vars") })("DISCORD_RELAY_SECRET")).toBe("");
    expect(readVars(join(ignored, "absent"))).toEqual({});
  });
});

describe("redactor", () => {
  it("replaces every occurrence of the token, wherever it sits", () => {
    const token = `${random()}.${random()}`;
    const safe = redactor(token);
    const text = `${token}: 401 for Bot ${token}\n${token}${token}`;
    expect(safe(text)).not.toContain(token);
    expect(safe(text)).toBe("<token>: 401 for Bot <token>\n<token><token>");
    expect(safe(new Error(`bad ${token}`).message)).toBe("bad <token>");
  });

  it("leaves text alone when there is no token", () => {
    expect(redactor("")("nothing to hide")).toBe("nothing to hide");
  });
});
