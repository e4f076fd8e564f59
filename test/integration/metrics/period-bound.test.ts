/**
 * Metrics read a period's tickets through tickets_updated (no index on created_at alone: migrations/0038), bounded by
 * updated_at a day before the period. Generated tickets around a period, each last updated anywhere from long after
 * its creation to nearly a day before it (another writer's clock behind), must be counted exactly as a plain filter
 * on created_at counts them: none created in the period missed, none from outside it taken. Seed printed
 * (`METRICS_BOUND_SEED=n` replays).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listMetricsTickets, updatedSince } from "../../../src/store/metrics";
import { mulberry32, seedFrom } from "../../support/random";

const DAY = 86_400_000;
/** A period of its own, years from every other test's tickets (storage is shared within the file). */
const FROM = Date.parse("2019-06-01T00:00:00.000Z");
const TO = FROM + 30 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

describe("metrics: a period's tickets, read through updated_at", () => {
  it("counts exactly the tickets created in the period, whatever their updated_at", async () => {
    const seed = seedFrom("METRICS_BOUND_SEED");
    const random = mulberry32(seed);
    const contactId = `con_bound${seed}`;
    const stmts = [
      env.DB.prepare(
        "INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?1, 'Bound', 'en', ?2, ?2)",
      ).bind(contactId, iso(FROM)),
    ];
    const expected: string[] = [];
    const n = 40 + Math.floor(random() * 40);
    for (let i = 0; i < n; i++) {
      // Created from 10 days before the period to 10 days after it, some exactly on its edges.
      const edge = random();
      const created =
        edge < 0.1
          ? FROM
          : edge < 0.2
            ? TO
            : edge < 0.25
              ? FROM - 1
              : FROM - 10 * DAY + Math.floor(random() * 50 * DAY);
      // Updated long after, at once, or up to a day minus a second before (a writer whose clock is behind).
      const kind = random();
      const updated =
        kind < 0.3
          ? created
          : kind < 0.6
            ? created - Math.floor(random() * (DAY - 1000))
            : created + Math.floor(random() * 200 * DAY);
      const id = `tkt_bound${seed}_${i}`;
      if (created >= FROM && created < TO) expected.push(id);
      stmts.push(
        env.DB.prepare(
          `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, category,
              subject, created_at, updated_at)
           VALUES (?1, (SELECT COALESCE(MAX(number), 1000) + 1 FROM tickets), 'telegram', ?2, ?3, ?4, 'closed',
              ?5, 'seeded', ?6, ?7)`,
        ).bind(id, `bound:${id}`, `tok_${id}`, contactId, id, iso(created), iso(updated)),
      );
    }
    await env.DB.batch(stmts);

    // The category carries the ticket's id, so the answer names exactly which tickets were counted.
    const { tickets, truncated } = await listMetricsTickets(env.DB, { from: iso(FROM), to: iso(TO) });
    expect(truncated).toBe(false);
    expect(tickets.map((t) => t.category).sort(), `seed ${seed}`).toEqual(expected.sort());
  });

  it("the bound is a day before the period, and an unparsable one bounds nothing", () => {
    expect(updatedSince("2019-06-01T00:00:00.000Z")).toBe("2019-05-31T00:00:00.000Z");
    expect(updatedSince("not a date")).toBe("");
  });
});
