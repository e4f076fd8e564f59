import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /healthz", () => {
  it("answers ok", async () => {
    const res = await exports.default.fetch("http://relaydesk.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, service: "relaydesk" });
  });
  it("answers unknown routes with the JSON error shape", async () => {
    const res = await exports.default.fetch("http://relaydesk.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
