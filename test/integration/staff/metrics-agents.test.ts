/**
 * The metrics page as a team lead reads it: per-agent figures, the tickets-per-day chart, channel
 * and category names in the inbox's language, and an agent's name shown as text, never as markup.
 * Tickets are written directly with known times into a random day of 2018 (storage is shared).
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, BOOTSTRAP, call, signIn, staffWithToken } from "./helpers";

const DAY = 86_400_000;
const START = Date.parse("2018-01-01T00:00:00.000Z") + Math.floor(Math.random() * 330) * DAY;
const iso = (min: number) => new Date(START + min * 60_000).toISOString();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Seeded {
  assignee: string | null;
  createdMin: number;
  firstMin: number | null;
  resolvedMin: number | null;
  rating: number | null;
  channel: string;
  category: string;
}

async function seedDesk(agents: string[]): Promise<Seeded[]> {
  const channels = ["telegram", "discord", "email", "webform"];
  const categories = ["deposit", "withdrawal", "kyc", "account"];
  const tickets: Seeded[] = Array.from({ length: 12 + Math.floor(Math.random() * 20) }, (_, i) => {
    const createdMin = Math.floor(Math.random() * 3 * 1440);
    const firstMin = Math.random() < 0.8 ? createdMin + 1 + Math.floor(Math.random() * 90) : null;
    const resolvedMin = firstMin !== null && Math.random() < 0.7 ? firstMin + Math.floor(Math.random() * 600) : null;
    return {
      // Each agent has one ticket at least (their row, and its name as text, are asserted), then any or none.
      assignee:
        i < agents.length
          ? (agents[i] as string)
          : Math.random() < 0.85
            ? (agents[Math.floor(Math.random() * agents.length)] ?? null)
            : null,
      createdMin,
      firstMin,
      resolvedMin,
      rating: resolvedMin !== null && Math.random() < 0.6 ? 1 + Math.floor(Math.random() * 5) : null,
      channel: channels[Math.floor(Math.random() * channels.length)] as string,
      category: categories[Math.floor(Math.random() * categories.length)] as string,
    };
  });
  const contactId = `con_m${crypto.randomUUID().slice(0, 8)}`;
  const stmts = [
    env.DB.prepare(
      "INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?1, 'Metrics', 'en', ?2, ?2)",
    ).bind(contactId, iso(0)),
  ];
  for (const t of tickets) {
    const id = `tkt_m${crypto.randomUUID().replace(/-/g, "")}`;
    stmts.push(
      env.DB.prepare(
        `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, category, subject,
            created_at, updated_at, first_response_at, resolved_at, assignee_id)
         VALUES (?1, (SELECT COALESCE(MAX(number), 1000) + 1 FROM tickets), ?2, ?3, ?4, ?5, ?6, ?7, 'seeded', ?8, ?8, ?9, ?10, ?11)`,
      ).bind(
        id,
        t.channel,
        `seed:${id}`,
        `tok${crypto.randomUUID().replace(/-/g, "")}`,
        contactId,
        t.resolvedMin === null ? "closed" : "resolved",
        t.category,
        iso(t.createdMin),
        t.firstMin === null ? null : iso(t.firstMin),
        t.resolvedMin === null ? null : iso(t.resolvedMin),
        t.assignee,
      ),
    );
    if (t.rating !== null) {
      stmts.push(
        env.DB.prepare(
          "INSERT INTO csat_surveys (ticket_id, requested_at, rating, rated_at) VALUES (?1, ?2, ?3, ?2)",
        ).bind(id, iso(t.resolvedMin ?? t.createdMin), t.rating),
      );
    }
  }
  await env.DB.batch(stmts);
  return tickets;
}

describe("metrics per agent", () => {
  it("the API and the page give each agent's handled, resolved, medians and CSAT; names are text", async () => {
    const suffix = crypto.randomUUID().slice(0, 6);
    const names = [`Ana ${suffix}`, `<img src=x onerror=alert(1)>${suffix}`, `王小明${suffix}`];
    const agents = await Promise.all(names.map((n) => staffWithToken("agent", n)));
    const idle = await staffWithToken("agent", `Idle ${suffix}`);
    const seeded = await seedDesk(agents.map((a) => a.id));
    const range = `from=${day(START)}&to=${day(START + 2 * DAY)}`;

    const res = await call("GET", `/api/staff/metrics?${range}`, { token: BOOTSTRAP });
    expect(res.status).toBe(200);
    const { metrics } = (await res.json()) as {
      metrics: {
        byAgent: Array<{
          staffId: string;
          name: string;
          handled: number;
          resolved: number;
          csat: { responses: number };
        }>;
        daily: Array<{ day: string; opened: number; resolved: number }>;
        volume: { total: number };
      };
    };
    expect(metrics.volume.total).toBe(seeded.length);
    for (const [i, agent] of agents.entries()) {
      const mine = seeded.filter((t) => t.assignee === agent.id);
      const row = metrics.byAgent.find((a) => a.staffId === agent.id);
      if (!mine.length) {
        expect(row).toBeUndefined();
        continue;
      }
      expect(row).toMatchObject({
        name: names[i],
        handled: mine.length,
        resolved: mine.filter((t) => t.resolvedMin !== null).length,
        csat: { responses: mine.filter((t) => t.rating !== null).length },
      });
    }
    // An agent with no ticket in the period has no row.
    expect(metrics.byAgent.find((a) => a.staffId === idle.id)).toBeUndefined();
    expect(metrics.daily.map((d) => d.day)).toEqual([0, 1, 2].map((n) => day(START + n * DAY)));
    expect(metrics.daily.reduce((n, d) => n + d.opened, 0)).toBe(seeded.length);

    // The page, in Chinese: the agent table, the chart, localized channel names.
    const session = await signIn(BOOTSTRAP);
    const page = await exports.default.fetch(`${BASE}/staff/metrics?${range}&lang=zh`, {
      headers: { Cookie: session.cookie },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("按客服");
    for (const [i, agent] of agents.entries()) {
      const handled = seeded.filter((t) => t.assignee === agent.id).length;
      if (!handled) continue;
      const row = new RegExp(
        `<tr data-staff="${agent.id}"><th scope="row">([^<]*)</th><td class="n">${handled}</td>`,
      ).exec(html);
      expect(row, names[i]).not.toBeNull();
    }
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toMatch(/<svg viewBox="0 0 720 100" preserveAspectRatio="none" role="img" aria-label="每日工单/);
    if (seeded.some((t) => t.channel === "webform")) expect(html).toContain("网页表单");
    expect((html.match(/<g data-day="/g) ?? []).length).toBe(3);
    // The inbox links to it, in the inbox's language.
    const inbox = await (
      await exports.default.fetch(`${BASE}/staff?lang=zh`, { headers: { Cookie: session.cookie } })
    ).text();
    expect(inbox).toMatch(/<a href="\/staff\/metrics"[^>]*>数据<\/a>/);
  });
});
