/**
 * /staff/admin: admins get the page (its script a hashed static asset, a strict CSP, zh and en),
 * an agent gets a 403 page that says why, a signed-out browser goes to sign in; the inbox links
 * to it for admins only. A new desk starts with zh/en canned replies and KB articles (0015, 0005),
 * and running the seed again neither duplicates nor overwrites an admin's edit.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, BOOTSTRAP, call, callWithSession, count, signIn, staffWithToken } from "./helpers";

async function adminSession() {
  const admin = await staffWithToken("admin");
  return signIn(admin.token);
}

describe("GET /staff/admin", () => {
  it("sends a signed-out browser to sign in, and comes back after", async () => {
    const res = await exports.default.fetch(`${BASE}/staff/admin#tokens`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/staff/login?next=${encodeURIComponent("/staff/admin")}`);
    // A forged cookie is no session either.
    const forged = await callWithSession("GET", "/staff/admin", {
      cookie: `rd_session=${crypto.randomUUID()}`,
      csrfToken: "",
    });
    expect(forged.status).toBe(303);
  });

  it("refuses an agent with a 403 page that says why, without the admin script or boot data", async () => {
    const agent = await staffWithToken("agent");
    const session = await signIn(agent.token);
    for (const lang of ["en", "zh"] as const) {
      const res = await callWithSession("GET", `/staff/admin?lang=${lang}`, session);
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('id="rd-forbidden"');
      expect(html).toContain(lang === "zh" ? "仅限管理员" : "Admins only");
      expect(html).not.toContain("rd-admin-boot");
      expect(html).not.toMatch(/\/staff\/assets\/admin-/);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
    // The API agrees: an agent's session cannot use an admin route either.
    const users = await callWithSession("GET", "/api/staff/users", session);
    expect(users.status).toBe(403);
  });

  it("serves admins the page: hashed script, strict CSP, CSRF meta, boot data in the chosen language", async () => {
    const session = await adminSession();
    const res = await callWithSession("GET", "/staff/admin", session);
    expect(res.status).toBe(200);
    const html = await res.text();
    const script = /<script type="module" src="(\/staff\/assets\/admin-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(html).toContain(`<meta name="rd-csrf" content="${session.csrfToken}"`);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    const asset = await env.ASSETS.fetch(new Request(`https://assets.invalid${script}`));
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(5_000);

    const zh = await callWithSession("GET", "/staff/admin?lang=zh", session);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain('lang="zh-CN"');
    const boot = JSON.parse(
      /<script type="application\/json" id="rd-admin-boot">(.*?)<\/script>/s.exec(zhHtml)?.[1] ?? "{}",
    );
    expect(boot.lang).toBe("zh");
    expect(boot.t.screens.tokens).toBe("API 令牌");
    expect(boot.labels.priorities.urgent).toBeTruthy();
    // The stylesheet it names is served, cacheable, as CSS.
    const css = /href="(\/staff\/admin\/admin\.css\?v=\w+)"/.exec(zhHtml)?.[1];
    const sheet = await call("GET", css ?? "/missing");
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("Content-Type")).toContain("text/css");
  });

  it("a staff name with markup stays text in the page and its boot JSON", async () => {
    const name = `</script><script>alert(1)</script><img src=x onerror=alert(2)> ${crypto.randomUUID().slice(0, 6)}`;
    const created = await call("POST", "/api/staff/users", { token: BOOTSTRAP, json: { name, role: "admin" } });
    const { user } = (await created.json()) as { user: { id: string } };
    const issued = await call("POST", `/api/staff/users/${user.id}/tokens`, { token: BOOTSTRAP, json: {} });
    const { token } = (await issued.json()) as { token: string };
    const html = await (await callWithSession("GET", "/staff/admin", await signIn(token))).text();
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
  });

  it("the inbox header links to it for admins only", async () => {
    const adminHtml = await (await callWithSession("GET", "/staff", await adminSession())).text();
    expect(adminHtml).toMatch(/<a href="\/staff\/admin" id="rd-admin-link">/);
    const agent = await staffWithToken("agent");
    const agentHtml = await (await callWithSession("GET", "/staff", await signIn(agent.token))).text();
    expect(agentHtml).toContain('id="rd-search"');
    expect(agentHtml).not.toContain("rd-admin-link");
  });
});

describe("a new desk's starting content", () => {
  it("has canned replies and KB articles in both languages", async () => {
    for (const lang of ["en", "zh"]) {
      expect(
        await count("SELECT COUNT(*) AS n FROM canned_replies WHERE id LIKE 'cnd_seed%' AND language = ?1", lang),
      ).toBe(5);
      expect(await count("SELECT COUNT(*) AS n FROM kb_articles WHERE language = ?1", lang)).toBeGreaterThanOrEqual(3);
    }
    const res = await call("GET", "/api/staff/canned?language=zh", { token: BOOTSTRAP });
    const { canned } = (await res.json()) as { canned: Array<{ title: string }> };
    expect(canned.map((c) => c.title)).toContain("切勿泄露助记词");
  });

  it("seeding again adds nothing and keeps an admin's edit and deletion", async () => {
    const seed = (
      env as unknown as { TEST_MIGRATIONS: Array<{ name: string; queries: string[] }> }
    ).TEST_MIGRATIONS.find((m) => m.name.startsWith("0015_admin"));
    const insert = seed?.queries.find((q) => q.includes("INSERT INTO canned_replies"));
    expect(insert).toBeDefined();
    const edited = `Our own wording ${crypto.randomUUID()}`;
    const put = await call("PUT", "/api/staff/canned/cnd_seedkycen", {
      token: BOOTSTRAP,
      json: { title: "KYC rejected", body: edited, language: "en" },
    });
    expect(put.status).toBe(200);
    // An admin's own reply with a seed's title (another id) stands for that seed.
    await env.DB.prepare("DELETE FROM canned_replies WHERE id = 'cnd_seed2fazh'").run();
    await call("POST", "/api/staff/canned", {
      token: BOOTSTRAP,
      json: { title: "重置两步验证", body: "自己的版本", language: "zh" },
    });
    const before = await count("SELECT COUNT(*) AS n FROM canned_replies");

    await env.DB.prepare(insert as string).run();
    await env.DB.prepare(insert as string).run();

    expect(await count("SELECT COUNT(*) AS n FROM canned_replies")).toBe(before);
    const row = await env.DB.prepare("SELECT body FROM canned_replies WHERE id = 'cnd_seedkycen'").first<{
      body: string;
    }>();
    expect(row?.body).toBe(edited);
    expect(
      await count("SELECT COUNT(*) AS n FROM canned_replies WHERE language = 'zh' AND title = '重置两步验证'"),
    ).toBe(1);
  });
});
