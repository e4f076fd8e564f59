/**
 * Triage in the running Worker: migration 0012 brings existing desks the stolen-account rules
 * without clobbering an admin's edits, and a stolen account is security/urgent whatever the
 * customer picked in the form or wrote first.
 */
import type { D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PriorityRule, TriageRules } from "../../../src/core/triage";
import { DEFAULT_TRIAGE_RULES } from "../../../src/core/triage-rules";
import { COMPROMISE_NEGATIONS, COMPROMISE_RULES } from "../../../src/core/triage-rules-compromise";
import { formPayload, postJson } from "../channels/webform/builders";
import { inbound, ingest, unique } from "../pipeline/builders";
import { api } from "../requests";
import { staffWithToken } from "../staff/helpers";
import { staffTicket } from "../support";

const MIGRATIONS = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;
const migration = (prefix: string) => {
  const m = MIGRATIONS.find((x) => x.name.startsWith(prefix));
  if (!m) throw new Error(`no migration ${prefix}`);
  return m;
};
/** The rules JSON migration 0005 seeded, as stored. */
const SEED_JSON = (() => {
  const insert = migration("0005").queries.find((q) => q.includes("INSERT INTO triage_rules")) as string;
  const literal = /VALUES \(1, '((?:[^']|'')*)'/.exec(insert)?.[1];
  if (!literal) throw new Error("no seed in migration 0005");
  return literal.replace(/''/g, "'");
})();
const SEED: TriageRules = JSON.parse(SEED_JSON);

/**
 * Runs migration 0012 on a private copy of triage_rules holding `json` (storage is shared with
 * other test files, which must keep triaging with the real rules), twice to show it is idempotent.
 */
async function migrate(json: string): Promise<{ once: TriageRules; twice: TriageRules; updatedAt: string }> {
  const table = `triage_rules_${unique()}`;
  await env.DB.prepare(
    `CREATE TABLE ${table} (id INTEGER PRIMARY KEY CHECK (id = 1), rules TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT)`,
  ).run();
  try {
    await env.DB.prepare(`INSERT INTO ${table} VALUES (1, ?1, '1970-01-01T00:00:00.000Z', NULL)`).bind(json).run();
    const read = async () =>
      (await env.DB.prepare(`SELECT rules, updated_at FROM ${table}`).first<{
        rules: string;
        updated_at: string;
      }>()) as {
        rules: string;
        updated_at: string;
      };
    const apply = async () => {
      for (const q of migration("0012").queries) await env.DB.prepare(q.replaceAll("triage_rules", table)).run();
    };
    await apply();
    const once = await read();
    await apply();
    const twice = await read();
    return { once: JSON.parse(once.rules), twice: JSON.parse(twice.rules), updatedAt: once.updated_at };
  } finally {
    await env.DB.prepare(`DROP TABLE ${table}`).run();
  }
}

describe("migration 0012", () => {
  it("gives a desk still on the seeded rules the new defaults whole", async () => {
    const { once, twice, updatedAt } = await migrate(SEED_JSON);
    expect(once).toEqual(DEFAULT_TRIAGE_RULES);
    expect(twice).toEqual(DEFAULT_TRIAGE_RULES);
    expect(updatedAt).not.toBe("1970-01-01T00:00:00.000Z");
  });

  it("keeps an admin's edits and adds the stolen-account rules before them; the old urgent rule goes if unchanged", async () => {
    const word = unique("w");
    const mine: PriorityRule = { priority: "high", name: `vip ${word}`, en: [word] };
    const edited: TriageRules = {
      categories: [...SEED.categories, { category: "promotions", weight: 9, en: [word] }],
      priorities: [...SEED.priorities, mine],
    };
    const { once, twice } = await migrate(JSON.stringify(edited));
    expect(once.categories).toEqual(edited.categories);
    const high = SEED.priorities.filter((p) => p.priority !== "urgent");
    expect(once.priorities).toEqual([...COMPROMISE_RULES, ...high, mine]);
    expect(once.negations).toEqual(COMPROMISE_NEGATIONS);
    expect(twice).toEqual(once);
  });

  it("keeps an old urgent rule the admin changed, and does not add a rule whose name the admin already uses", async () => {
    const changedUrgent = { ...(SEED.priorities[0] as PriorityRule), en: ["pwned"] };
    const ownFreeze: PriorityRule = { priority: "high", name: "asked to freeze the account", en: ["freeze"] };
    const { once } = await migrate(JSON.stringify({ ...SEED, priorities: [changedUrgent, ownFreeze] }));
    const added = COMPROMISE_RULES.filter((r) => r.name !== ownFreeze.name);
    expect(once.priorities).toEqual([...added, changedUrgent, ownFreeze]);
  });
});

describe("ingest: a stolen account is security and urgent", () => {
  it("even when the customer picked another category in the web form", async () => {
    const description = `Someone logged into my account from Russia and withdrew all my ETH, please freeze it NOW ${unique()}`;
    const res = await postJson(
      "/api/tickets",
      formPayload({ category: "withdrawal", subject: "Withdrawal problem", description }),
    );
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { ticket: { id: string } }).ticket.id;
    expect((await staffTicket(id)).ticket).toMatchObject({ category: "security", priority: "urgent" });
  });

  it("an own withdrawal keeps the customer's category and normal priority", async () => {
    const description = `My withdrawal has been pending for 6 hours, please check ${unique()}`;
    const res = await postJson(
      "/api/tickets",
      formPayload({ category: "withdrawal", subject: "Withdrawal", description }),
    );
    const id = ((await res.json()) as { ticket: { id: string } }).ticket.id;
    expect((await staffTicket(id)).ticket).toMatchObject({ category: "withdrawal", priority: "normal" });
  });

  it("a later message that reveals a stolen account moves the ticket to security and urgent", async () => {
    const first = inbound({ channel: "telegram", text: `my withdrawal of 2 ETH is pending ${unique()}` });
    const opened = await ingest(first);
    expect((await staffTicket(opened.ticketId)).ticket).toMatchObject({ category: "withdrawal", priority: "normal" });
    const later = inbound({
      channel: "telegram",
      conversationKey: first.conversationKey,
      sender: first.sender,
      text: "wait, I never made that withdrawal. 我没有提现，不是我本人操作",
    });
    const appended = await ingest(later);
    expect(appended.ticketId).toBe(opened.ticketId);
    expect((await staffTicket(opened.ticketId)).ticket).toMatchObject({ category: "security", priority: "urgent" });
  });
});

describe("triage rules API", () => {
  it("serves the defaults to every staff member, and accepts them back whole", async () => {
    const agent = await staffWithToken("agent");
    const res = await api("GET", "/api/staff/triage/rules/defaults", { token: agent.token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rules: unknown }).rules).toEqual(DEFAULT_TRIAGE_RULES);
    const put = await api("PUT", "/api/staff/triage/rules", { json: DEFAULT_TRIAGE_RULES });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { rules: unknown }).rules).toEqual(DEFAULT_TRIAGE_RULES);
  });

  it("rejects an unknown setCategory and a bad negation pattern, changing nothing", async () => {
    const before = await (await api("GET", "/api/staff/triage/rules")).json();
    for (const rules of [
      { ...DEFAULT_TRIAGE_RULES, priorities: [{ priority: "urgent", name: "x", en: ["x"], setCategory: "lottery" }] },
      { ...DEFAULT_TRIAGE_RULES, negations: { patterns: ["(unclosed"] } },
      { ...DEFAULT_TRIAGE_RULES, negations: { en: ["x"], surprise: true } },
    ]) {
      const res = await api("PUT", "/api/staff/triage/rules", { json: rules });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
    expect(await (await api("GET", "/api/staff/triage/rules")).json()).toEqual(before);
  });
});
