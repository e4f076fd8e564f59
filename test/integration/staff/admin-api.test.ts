/**
 * What the admin screens added to the staff API: editing a canned reply, the triage "try a message"
 * preview (nothing stored), and a token's prefix kept for the list (never the token). Each is refused
 * to an agent (403), a signed-out caller (401) and a session without its CSRF header, and hostile
 * input gets a 4xx JSON error with nothing written.
 */
import { describe, expect, it } from "vitest";
import { BOOTSTRAP, call, callWithSession, count, signIn, staffWithToken } from "./helpers";

const rand = () => crypto.randomUUID().slice(0, 8);

async function newCanned(language: "en" | "zh" = "en") {
  const res = await call("POST", "/api/staff/canned", {
    token: BOOTSTRAP,
    json: { title: `Greeting ${rand()}`, body: "Hi {{customer_name}}", language },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { canned: { id: string; title: string; body: string } }).canned;
}

const rowOf = (id: string) =>
  call("GET", "/api/staff/canned", { token: BOOTSTRAP }).then(async (r) =>
    ((await r.json()) as { canned: Array<{ id: string; title: string; body: string; language: string }> }).canned.find(
      (c) => c.id === id,
    ),
  );

/** Hostile bodies: wrong types, extra fields, oversize, markup, empty. */
function hostileCannedBodies(): unknown[] {
  const big = "x".repeat(10_001 + Math.floor(Math.random() * 500));
  return [
    {},
    { title: "", body: "b" },
    { title: "t", body: "   " },
    { title: "t".repeat(101), body: "b" },
    { title: "t", body: big },
    { title: "t", body: "b", language: "fr" },
    { title: "t", body: "b", createdBy: "stf_bootstrap" },
    { title: 42, body: ["b"] },
    [{ title: "t", body: "b" }],
    null,
  ];
}

describe("PUT /api/staff/canned/:id", () => {
  it("replaces an admin's canned reply, with an audit row; the list shows the new text", async () => {
    const canned = await newCanned();
    const body = `Hello {{customer_name}}, ticket {{ticket_number}} ${rand()} <b>not markup</b>`;
    const res = await call("PUT", `/api/staff/canned/${canned.id}`, {
      token: BOOTSTRAP,
      json: { title: "充值未到账 (edited)", body, language: "zh" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { canned: { body: string } }).canned.body).toBe(body);
    expect(await rowOf(canned.id)).toMatchObject({ title: "充值未到账 (edited)", body, language: "zh" });
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'canned.update' AND target_id = ?1", canned.id),
    ).toBe(1);
  });

  it("refuses agents, signed-out callers and a session without CSRF; nothing changes", async () => {
    const canned = await newCanned();
    const agent = await staffWithToken("agent");
    const json = { title: "hijacked", body: "hijacked" };
    const asAgent = await call("PUT", `/api/staff/canned/${canned.id}`, { token: agent.token, json });
    expect(asAgent.status).toBe(403);
    expect(((await asAgent.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await call("PUT", `/api/staff/canned/${canned.id}`, { json })).status).toBe(401);
    expect(
      (await call("PUT", `/api/staff/canned/${canned.id}`, { token: `rdk_${rand()}${rand()}`, json })).status,
    ).toBe(401);
    const admin = await staffWithToken("admin");
    const session = await signIn(admin.token);
    const noCsrf = await callWithSession("PUT", `/api/staff/canned/${canned.id}`, session, { json, csrf: null });
    expect(noCsrf.status).toBe(403);
    const wrongCsrf = await callWithSession("PUT", `/api/staff/canned/${canned.id}`, session, { json, csrf: rand() });
    expect(wrongCsrf.status).toBe(403);
    expect(await rowOf(canned.id)).toMatchObject({ title: canned.title, body: canned.body });
    // With the header, the same session may.
    expect((await callWithSession("PUT", `/api/staff/canned/${canned.id}`, session, { json })).status).toBe(200);
  });

  it("answers hostile bodies and ids with 4xx JSON errors and writes nothing", async () => {
    const canned = await newCanned();
    const audits = await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1", canned.id);
    for (const json of hostileCannedBodies()) {
      const res = await call("PUT", `/api/staff/canned/${canned.id}`, { token: BOOTSTRAP, json });
      expect(res.status, JSON.stringify(json)?.slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/validation_failed|invalid_json/);
    }
    const notJson = await call("PUT", `/api/staff/canned/${canned.id}`, {
      token: BOOTSTRAP,
      headers: { "Content-Type": "text/plain" },
    });
    expect(notJson.status).toBe(415);
    for (const id of [`cnd_${rand()}`, "../canned", "cnd_%27%20OR%201=1", "CND_UPPER"]) {
      const res = await call("PUT", `/api/staff/canned/${id}`, { token: BOOTSTRAP, json: { title: "t", body: "b" } });
      expect(res.status, id).toBe(404);
    }
    expect(await rowOf(canned.id)).toMatchObject({ title: canned.title, body: canned.body });
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1", canned.id)).toBe(audits);
  });
});

describe("POST /api/staff/triage/preview", () => {
  const stored = async () =>
    Promise.all([
      count("SELECT COUNT(*) AS n FROM tickets"),
      count("SELECT COUNT(*) AS n FROM messages"),
      count("SELECT COUNT(*) AS n FROM audit_log"),
      count("SELECT COUNT(*) AS n FROM triage_rules"),
    ]);

  it("says what triage decides and which rule matched, against the stored rules or a draft; stores nothing", async () => {
    const before = await stored();
    const hacked = await call("POST", "/api/staff/triage/preview", {
      token: BOOTSTRAP,
      json: { text: "My account was hacked and someone withdrew all my USDT" },
    });
    expect(hacked.status).toBe(200);
    const { preview } = (await hacked.json()) as {
      preview: { category: string; priority: string; matchedRules: string[]; scores: Record<string, number> };
    };
    expect(preview.priority).toBe("urgent");
    expect(preview.category).toBe("security");
    expect(preview.matchedRules.length).toBeGreaterThan(0);

    // A draft rule the admin has not saved: its own name comes back when it matches.
    const name = `vip ${rand()}`;
    const word = `zebra${rand().replace(/\d/g, "q")}`;
    const rules = {
      categories: [{ category: "trading", en: ["futures"] }],
      priorities: [{ priority: "high", name, en: [word] }],
    };
    const draft = await call("POST", "/api/staff/triage/preview", {
      token: BOOTSTRAP,
      json: { text: `Futures question from a ${word} customer`, rules },
    });
    expect(draft.status).toBe(200);
    expect((await draft.json()) as unknown).toMatchObject({
      preview: { category: "trading", priority: "high", matchedRules: [name], language: "en" },
    });
    const zh = await call("POST", "/api/staff/triage/preview", {
      token: BOOTSTRAP,
      json: { text: "我的账号被盗了，提现不是我本人操作", rules },
    });
    expect(((await zh.json()) as { preview: { language: string; matchedRules: string[] } }).preview).toMatchObject({
      language: "zh",
      matchedRules: [],
    });
    expect(await stored()).toEqual(before);
  });

  it("names a pasted secret's kind, raises the priority, and never echoes the secret", async () => {
    const words = "abandon ability able about above absent absorb abstract absurd abuse access accident".split(" ");
    const phrase = words.sort(() => Math.random() - 0.5).join(" ");
    const res = await call("POST", "/api/staff/triage/preview", {
      token: BOOTSTRAP,
      json: { text: `where is my deposit? my seed is ${phrase}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(phrase);
    const { preview } = JSON.parse(text) as { preview: { secrets: string[]; priority: string } };
    expect(preview.secrets.length).toBeGreaterThan(0);
    expect(["high", "urgent"]).toContain(preview.priority);
  });

  it("refuses agents and signed-out callers, and bad drafts or texts with a 400 naming the problem", async () => {
    const agent = await staffWithToken("agent");
    const json = { text: "hello" };
    expect((await call("POST", "/api/staff/triage/preview", { token: agent.token, json })).status).toBe(403);
    expect((await call("POST", "/api/staff/triage/preview", { json })).status).toBe(401);
    const bad: Array<[unknown, string]> = [
      [{ text: "" }, "text"],
      [{ text: "x".repeat(10_001) }, "text"],
      [
        {
          text: "hi",
          rules: { categories: [], priorities: [{ priority: "high", name: "x", patterns: ["(unclosed"] }] },
        },
        "priorities.0.patterns.0",
      ],
      [
        { text: "hi", rules: { categories: [{ category: "nonsense", en: ["a"] }], priorities: [] } },
        "categories.0.category",
      ],
      [
        { text: "hi", rules: { categories: [], priorities: [{ priority: "critical", name: "x" }] } },
        "rules.priorities.0.priority",
      ],
      [{ text: "hi", extra: true }, ""],
    ];
    for (const [body, path] of bad) {
      const res = await call("POST", "/api/staff/triage/preview", { token: BOOTSTRAP, json: body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const err = ((await res.json()) as { error: { code: string; details?: Array<{ path: string }> } }).error;
      expect(err.code).toBe("validation_failed");
      if (path) expect(err.details?.map((d) => d.path)).toContain(path);
    }
  });
});

describe("API tokens keep a prefix, never the token", () => {
  it("the list shows the first characters of a new token and nothing more", async () => {
    const { id } = await staffWithToken("agent");
    const issued = await call("POST", `/api/staff/users/${id}/tokens`, { token: BOOTSTRAP, json: { name: "laptop" } });
    const { token, tokenInfo } = (await issued.json()) as { token: string; tokenInfo: { id: string; prefix: string } };
    expect(token).toMatch(/^rdk_[A-Za-z0-9_-]{40,}$/);
    expect(tokenInfo.prefix).toBe(token.slice(0, 8));
    const listed = await call("GET", "/api/staff/tokens", { token: BOOTSTRAP });
    const text = await listed.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(0, 12));
    const tokens = (JSON.parse(text) as { tokens: Array<{ id: string; prefix: string | null }> }).tokens;
    expect(tokens.find((t) => t.id === tokenInfo.id)?.prefix).toBe(token.slice(0, 8));
  });
});
