import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BOOTSTRAP, call, count } from "./helpers";

async function sha256Hex(text: string) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("staff users and tokens", () => {
  it("shows a token once and stores only its hash", async () => {
    const created = await call("POST", "/api/staff/users", {
      token: BOOTSTRAP,
      json: { name: "Li Wei", email: `li-${crypto.randomUUID()}@desk.example`, role: "agent" },
    });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string; role: string } };
    expect(user.role).toBe("agent");

    const issued = await call("POST", `/api/staff/users/${user.id}/tokens`, {
      token: BOOTSTRAP,
      json: { name: "laptop" },
    });
    expect(issued.status).toBe(201);
    const { token, tokenInfo } = (await issued.json()) as { token: string; tokenInfo: { id: string } };
    expect(token).toMatch(/^rdk_[A-Za-z0-9_-]{40,}$/);

    const stored = await env.DB.prepare("SELECT * FROM staff_tokens WHERE id = ?1")
      .bind(tokenInfo.id)
      .first<Record<string, unknown>>();
    expect(stored?.token_hash).toBe(await sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const listed = await call("GET", `/api/staff/users/${user.id}/tokens`, { token: BOOTSTRAP });
    expect(JSON.stringify(await listed.json())).not.toContain(token);

    const me = await call("GET", "/api/staff/me", { token });
    expect(await me.json()).toMatchObject({ staff: { staffId: user.id, role: "agent", tokenId: tokenInfo.id } });
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND action = 'token.create'", tokenInfo.id),
    ).toBe(1);
  });

  it("rejects a duplicate email with 409 and bad bodies with 400, writing nothing", async () => {
    const email = `dup-${crypto.randomUUID()}@desk.example`;
    expect((await call("POST", "/api/staff/users", { token: BOOTSTRAP, json: { name: "A", email } })).status).toBe(201);
    const before = await count("SELECT COUNT(*) AS n FROM staff_users");
    const dup = await call("POST", "/api/staff/users", { token: BOOTSTRAP, json: { name: "B", email } });
    expect(dup.status).toBe(409);
    for (const json of [{}, { name: "" }, { name: "x", role: "owner" }, { name: "x", extra: 1 }]) {
      const res = await call("POST", "/api/staff/users", { token: BOOTSTRAP, json });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "validation_failed" } });
    }
    expect(await count("SELECT COUNT(*) AS n FROM staff_users")).toBe(before);
  });

  it("revoking is idempotent and unknown tokens are 404", async () => {
    expect((await call("DELETE", "/api/staff/tokens/tok_nope", { token: BOOTSTRAP })).status).toBe(404);
  });
});
