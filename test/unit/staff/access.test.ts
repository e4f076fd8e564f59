import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../../src/env";
import { resetAccessKeyCache, verifyAccessJwt } from "../../../src/staff/access";
import { AUD, certs, rsaKey, TEAM } from "./access-keys";

/** A fake Access certs endpoint on 127.0.0.1 that counts its hits. */
let served: object = { keys: [] };
let hits = 0;
let status = 200;
const server = http.createServer((req, res) => {
  hits++;
  if (req.url !== "/cdn-cgi/access/certs") {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(served));
});
let config: Config;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  config = {
    accessTeamDomain: TEAM,
    accessAud: AUD,
    accessCertsUrl: `http://127.0.0.1:${port}/cdn-cgi/access/certs`,
  } as Config;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  resetAccessKeyCache();
  hits = 0;
  status = 200;
});

describe("verifyAccessJwt", () => {
  it("accepts a token signed by a team key with the right aud and iss, and returns its email", async () => {
    const key = await rsaKey("k1");
    served = certs(key);
    expect(await verifyAccessJwt(await key.sign({ email: "Li@Example.com" }), config)).toBe("li@example.com");
  });

  it("rejects a wrong audience, issuer, expired or future token, a foreign key, a tampered payload, HS256, and no email", async () => {
    const key = await rsaKey("k1");
    const stranger = await rsaKey("k1");
    served = certs(key);
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      await key.sign({ email: "li@example.com", aud: ["another-app"] }),
      await key.sign({ email: "li@example.com", iss: "https://evil.cloudflareaccess.com" }),
      await key.sign({ email: "li@example.com", exp: now - 10 }),
      await key.sign({ email: "li@example.com", nbf: now + 600 }),
      await stranger.sign({ email: "li@example.com" }),
      await key.sign({ common_name: "service-token.access" }),
    ];
    const good = await key.sign({ email: "li@example.com" });
    const [h, , s] = good.split(".");
    const forged = Buffer.from(
      JSON.stringify({ email: "boss@example.com", aud: [AUD], iss: TEAM, exp: now + 600 }),
    ).toString("base64url");
    bad.push(`${h}.${forged}.${s}`);
    const hs = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "k1" })).toString("base64url");
    bad.push(`${hs}.${good.split(".")[1]}.${s}`);
    bad.push("not-a-jwt");
    for (const token of bad) expect(await verifyAccessJwt(token, config), token.slice(0, 40)).toBeNull();
  });

  it("caches the keys, and refetches when a token names a key it does not know (rotation)", async () => {
    const k1 = await rsaKey("k1");
    const k2 = await rsaKey("k2");
    served = certs(k1);
    for (let i = 0; i < 3; i++)
      expect(await verifyAccessJwt(await k1.sign({ email: "li@example.com" }), config)).toBeTruthy();
    expect(hits).toBe(1);

    served = certs(k1, k2);
    // Right after a fetch an unknown kid is not allowed to trigger another one (no hammering)...
    expect(await verifyAccessJwt(await k2.sign({ email: "li@example.com" }), config, Date.now())).toBeNull();
    expect(hits).toBe(1);
    // ...but a little later it refreshes and the rotated key works.
    expect(await verifyAccessJwt(await k2.sign({ email: "li@example.com" }), config, Date.now() + 60_000)).toBe(
      "li@example.com",
    );
    expect(hits).toBe(2);
  });

  it("fails closed when the certs cannot be fetched, and does nothing when Access is not configured", async () => {
    const key = await rsaKey("k1");
    status = 503;
    expect(await verifyAccessJwt(await key.sign({ email: "li@example.com" }), config)).toBeNull();
    served = certs(key);
    status = 200;
    const off = { ...config, accessAud: "" } as Config;
    expect(await verifyAccessJwt(await key.sign({ email: "li@example.com" }), off)).toBeNull();
    expect(hits).toBe(1);
  });
});
