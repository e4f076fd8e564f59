/**
 * The hostile client on the webhooks: every one is verified before its body is parsed (an unsigned or
 * garbled-signature body that is not even JSON is a 401, never the parser's 400), and a replayed
 * signed delivery changes nothing. Forged and stale signatures: forged.test.ts.
 */
import { describe, expect, it } from "vitest";
import { CHANNEL_CASES } from "./channels";
import { BASE, runApp, seeded, toRequest } from "./harness";
import { pick } from "./hostile";
import { answer, report, routes, watchedEnv } from "./hostile-verdict";

const SEED = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.info(`hostile-webhooks seed: ${SEED} (replay with HOSTILE_SEED=${SEED})`);

describe("webhooks: verified before the body is parsed, and a replay changes nothing", () => {
  const signed = CHANNEL_CASES.filter((c) => c.name !== "webform" && c.name !== "live chat");
  const webhookRoutes = routes.filter((r) => r.path.startsWith("/webhooks/"));

  it("an unsigned or garbled-signature body that is not even JSON is a 401, never a 400 from the parser", async () => {
    const r = seeded(SEED + 4);
    const problems: string[] = [];
    for (const route of webhookRoutes) {
      for (const provider of route.path.includes(":provider") ? ["postmark", "sendgrid", "mailgun"] : [""]) {
        const path = provider ? route.path.replace(":provider", provider) : route.path;
        for (const garble of [null, "", "00".repeat(64), "Z".repeat(16_384), "tést", "Basic Og=="]) {
          const headers = new Headers({
            "Content-Type": pick(r, [
              "application/json",
              "multipart/form-data; boundary=x",
              "application/x-www-form-urlencoded",
            ]),
          });
          if (garble !== null)
            for (const h of [
              "X-Telegram-Bot-Api-Secret-Token",
              "X-Signature-Ed25519",
              "X-Relay-Signature",
              "Authorization",
            ])
              headers.set(h, garble);
          headers.set("X-Signature-Timestamp", String(Math.floor(Date.now() / 1000)));
          headers.set("X-Relay-Timestamp", String(Math.floor(Date.now() / 1000)));
          const req = new Request(`${BASE}${path}`, { method: "POST", headers, body: '{"broken":' });
          const { status, problems: found } = await answer(req, true);
          if (status !== 401)
            problems.push(`${path} with signature ${JSON.stringify(garble?.slice(0, 8))}: ${status}, not 401`);
          problems.push(...found.map((p) => `${path}: ${p}`));
        }
      }
    }
    report("unsigned", SEED, problems);
  });

  it.each(signed.map((c) => [c.name, c] as const))(
    "%s: the same signed delivery twice is stored once",
    async (_, channelCase) => {
      const marker = `rp${crypto.randomUUID().replace(/-/g, "").slice(0, 14)}`;
      const [delivery] = await channelCase.conversation(marker, 1);
      const first = watchedEnv();
      const res1 = await runApp(toRequest(delivery as never), first.env);
      expect(res1.status, await res1.clone().text()).toBeLessThan(300);
      const second = watchedEnv();
      const res2 = await runApp(toRequest(delivery as never), second.env);
      expect(res2.status).toBeLessThan(500);
      expect(second.writes(), `${channelCase.name} replay wrote`).toEqual([]);
    },
  );
});
