/**
 * Forged webhooks on every signed inbound path (wrong, missing, stale, tampered secrets and
 * signatures): all rejected with 401 before anything is parsed or stored.
 */
import { describe, expect, it } from "vitest";
import { count } from "../pipeline/builders";
import { CHANNEL_CASES } from "./channels";
import { instrumentedEnv, runApp, toRequest } from "./harness";

// The public form signs nothing; the live chat's bearer token has its own attacker tests (chat-security.test.ts).
const signed = CHANNEL_CASES.filter((c) => c.name !== "webform" && c.name !== "live chat");

describe.each(signed)("$name: forged deliveries", (channelCase) => {
  it("rejects every forgery with 401 and writes nothing", async () => {
    const marker = `fg${crypto.randomUUID().replace(/-/g, "").slice(0, 14)}`;
    const forgeries = await channelCase.forgeries(marker);
    expect(forgeries.length).toBeGreaterThanOrEqual(5);
    for (const f of forgeries) {
      const { env, recording, deliveries } = instrumentedEnv();
      const res = await runApp(toRequest(f.delivery), env);
      const body = (await res.json()) as { error?: { code?: string } };
      expect(res.status, f.what).toBe(401);
      expect(body.error?.code, f.what).toBe("unauthorized");
      expect(recording.changes, `${f.what}: rows changed`).toBe(0);
      expect(deliveries.sent, f.what).toEqual([]);
    }
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE body LIKE ?1", `%${marker}%`)).toBe(0);
  });

  it("accepts the same delivery when it is signed correctly (the forgeries are the only difference)", async () => {
    const marker = `ok${crypto.randomUUID().replace(/-/g, "").slice(0, 14)}`;
    const [delivery] = await channelCase.conversation(marker, 1);
    const { env } = instrumentedEnv();
    const res = await runApp(toRequest(delivery as never), env);
    expect(res.status).toBeLessThan(300);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE body LIKE ?1", `%${marker}%`)).toBe(1);
  });
});
