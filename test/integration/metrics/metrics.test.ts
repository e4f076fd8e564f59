import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, BASE } from "../requests";
import { signIn, staffWithToken } from "../staff/helpers";

/**
 * A seeded month in the past, far from every other test's data (storage is shared): tickets written
 * directly with known times, so every number below can be worked out by hand.
 */
const FROM = "2021-03-01T00:00:00.000Z";
const TO = "2021-04-01T00:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(FROM) + minutes * 60_000).toISOString();

interface Seed {
  channel: string;
  category: string;
  createdMin: number;
  firstResponseMin?: number;
  resolvedMin?: number;
  firstDueMin: number;
  resolutionDueMin: number;
  rating?: number;
}

const SEED: Seed[] = [
  // answered in 10 min, resolved in 100 (both in time), rated 5
  {
    channel: "telegram",
    category: "deposit",
    createdMin: 0,
    firstResponseMin: 10,
    resolvedMin: 100,
    firstDueMin: 60,
    resolutionDueMin: 240,
    rating: 5,
  },
  // answered in 30, resolved in 300 (resolution late), rated 2
  {
    channel: "telegram",
    category: "withdrawal",
    createdMin: 1000,
    firstResponseMin: 1030,
    resolvedMin: 1300,
    firstDueMin: 1060,
    resolutionDueMin: 1240,
    rating: 2,
  },
  // answered in 90 (late), never resolved, overdue
  {
    channel: "email",
    category: "deposit",
    createdMin: 2000,
    firstResponseMin: 2090,
    firstDueMin: 2060,
    resolutionDueMin: 2240,
  },
  // never answered (overdue)
  { channel: "discord", category: "kyc", createdMin: 3000, firstDueMin: 3060, resolutionDueMin: 3240 },
  // answered in 50 (in time), resolved in 200 (in time), rated 4
  {
    channel: "webform",
    category: "kyc",
    createdMin: 4000,
    firstResponseMin: 4050,
    resolvedMin: 4200,
    firstDueMin: 4060,
    resolutionDueMin: 4240,
    rating: 4,
  },
];
// Outside the period: must not count.
const OUTSIDE: Seed = {
  channel: "telegram",
  category: "deposit",
  createdMin: -10,
  firstResponseMin: 500,
  firstDueMin: 50,
  resolutionDueMin: 200,
};

async function seed() {
  const existing = await env.DB.prepare("SELECT COUNT(*) AS n FROM tickets WHERE created_at >= ?1 AND created_at < ?2")
    .bind(at(-100), TO)
    .first<{ n: number }>();
  if ((existing?.n ?? 0) > 0) return;
  const contactId = `con_metrics${crypto.randomUUID().slice(0, 8)}`;
  const stmts = [
    env.DB.prepare(
      "INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?1, 'Metrics', 'en', ?2, ?2)",
    ).bind(contactId, FROM),
  ];
  for (const [i, s] of [...SEED, OUTSIDE].entries()) {
    const id = `tkt_metrics${i}${crypto.randomUUID().slice(0, 8).replace(/-/g, "")}`;
    stmts.push(
      env.DB.prepare(
        `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, category, subject,
            created_at, updated_at, first_response_at, resolved_at, first_response_due_at, resolution_due_at)
         VALUES (?1, (SELECT COALESCE(MAX(number), 1000) + 1 FROM tickets), ?2, ?3, ?4, ?5, ?6, ?7, 'seeded', ?8, ?8, ?9, ?10, ?11, ?12)`,
      ).bind(
        id,
        s.channel,
        `seed:${id}`,
        `tok${crypto.randomUUID().replace(/-/g, "")}`,
        contactId,
        // Unresolved ones are closed, so no SLA sweep of another test touches their due times.
        s.resolvedMin === undefined ? "closed" : "resolved",
        s.category,
        at(s.createdMin),
        s.firstResponseMin === undefined ? null : at(s.firstResponseMin),
        s.resolvedMin === undefined ? null : at(s.resolvedMin),
        at(s.firstDueMin),
        at(s.resolutionDueMin),
      ),
    );
    if (s.rating) {
      stmts.push(
        env.DB.prepare(
          "INSERT INTO csat_surveys (ticket_id, requested_at, rating, rated_at) VALUES (?1, ?2, ?3, ?2)",
        ).bind(id, at(s.resolvedMin ?? s.createdMin), s.rating),
      );
    }
  }
  await env.DB.batch(stmts);
}

describe("metrics on a seeded dataset", () => {
  it("GET /api/staff/metrics computes volume, times (median, p90), SLA attainment and CSAT", async () => {
    await seed();
    const res = await api("GET", `/api/staff/metrics?from=${FROM}&to=${TO}`);
    expect(res.status).toBe(200);
    const { metrics } = (await res.json()) as { metrics: Record<string, unknown> };
    expect(metrics.volume).toEqual({
      total: 5,
      byChannel: { telegram: 2, email: 1, discord: 1, webform: 1 },
      byCategory: { deposit: 2, withdrawal: 1, kyc: 2 },
    });
    // First responses 10, 30, 90, 50 -> sorted 10 30 50 90: median 40, p90 = 50 + 0.7 * 40 = 78.
    expect(metrics.firstResponse).toEqual({ count: 4, medianMinutes: 40, p90Minutes: 78 });
    // Resolutions 100, 300, 200: median 200, p90 = 200 + 0.8 * 100 = 280.
    expect(metrics.resolution).toEqual({ count: 3, medianMinutes: 200, p90Minutes: 280 });
    // First response: 3 in time of 5 decided (one late, one never answered and overdue).
    // Resolution: 2 in time of 5 decided (one late, two never resolved and overdue; all dues are long past).
    expect(metrics.sla).toEqual({
      firstResponse: { measured: 5, met: 3, rate: 0.6 },
      resolution: { measured: 5, met: 2, rate: 0.4 },
    });
    expect(metrics.csat).toEqual({
      responses: 3,
      average: 3.67,
      satisfied: 0.667,
      distribution: { "1": 0, "2": 1, "3": 0, "4": 1, "5": 1 },
    });
  });

  it("takes dates as whole days and rejects a bad period", async () => {
    await seed();
    const days = await api("GET", "/api/staff/metrics?from=2021-03-01&to=2021-03-31");
    expect(((await days.json()) as { metrics: { volume: { total: number } } }).metrics.volume.total).toBe(5);
    expect((await api("GET", `/api/staff/metrics?from=${TO}&to=${FROM}`)).status).toBe(400);
    expect((await api("GET", "/api/staff/metrics?from=yesterday")).status).toBe(400);
    expect((await api("GET", "/api/staff/metrics?from=2019-01-01&to=2022-01-01")).status).toBe(400);
    expect((await api("GET", "/api/staff/metrics", { token: null })).status).toBe(401);
  });

  it("the /staff/metrics page shows the same numbers to a signed-in agent, and sends others to sign in", async () => {
    await seed();
    const anonymous = await exports.default.fetch(`${BASE}/staff/metrics`, { redirect: "manual" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toContain("/staff/login");
    const agent = await staffWithToken("agent");
    const { cookie } = await signIn(agent.token);
    const page = await exports.default.fetch(`${BASE}/staff/metrics?from=2021-03-01&to=2021-03-31&lang=zh`, {
      headers: { Cookie: cookie },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("客服数据");
    expect(html).toContain('<strong id="total">5</strong>');
    expect(html).toMatch(
      /id="first-response"><th scope="row">[^<]+<\/th><td class="n">4<\/td><td class="n">40\.0 min<\/td><td class="n">78\.0 min/,
    );
    expect(html).toMatch(/id="sla-first-response"><th scope="row">[^<]+<\/th><td class="n">60\.0%/);
    expect(html).toContain("<strong>3.67</strong>");
  });
});
