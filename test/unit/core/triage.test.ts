import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractEntities } from "../../../src/core/entities";
import { CATEGORIES } from "../../../src/core/ticket";
import { compileRules, ruleProblems, type TriageRules, triage } from "../../../src/core/triage";
import { DEFAULT_TRIAGE_RULES } from "../../../src/core/triage-rules";
import { loadLabelled } from "../../fixtures/intel/labelled";

const LABELLED = loadLabelled();
const RULES = compileRules(DEFAULT_TRIAGE_RULES);
const run = (text: string) => triage(RULES, text, { entities: extractEntities(text).map((e) => e.kind) });

describe("triage on the labelled set", () => {
  it("has at least 200 messages, zh and en, every category", () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(200);
    expect(LABELLED.filter((m) => /\p{Script=Han}/u.test(m.text)).length).toBeGreaterThanOrEqual(100);
    for (const c of CATEGORIES) expect(LABELLED.filter((m) => m.category === c).length).toBeGreaterThanOrEqual(15);
  });

  it("gets at least 90% of categories right overall and 75% within each category", () => {
    const misses: string[] = [];
    for (const c of CATEGORIES) {
      const of = LABELLED.filter((m) => m.category === c);
      const right = of.filter((m) => run(m.text).category === c);
      for (const m of of) if (!right.includes(m)) misses.push(`${c} <- ${run(m.text).category}: ${m.text}`);
      expect(right.length / of.length, `${c}\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.75);
    }
    const right = LABELLED.filter((m) => run(m.text).category === m.category).length;
    expect(right / LABELLED.length, misses.join("\n")).toBeGreaterThanOrEqual(0.9);
  });

  it("finds every urgent and high message, and raises no normal one", () => {
    for (const m of LABELLED) expect(run(m.text).priority, m.text).toBe(m.priority);
  });
});

describe("triage on the held-out set (never used to tune the rules)", () => {
  const HELDOUT = loadLabelled("heldout");

  it("covers every category in zh and en", () => {
    expect(HELDOUT.length).toBeGreaterThanOrEqual(60);
    for (const c of CATEGORIES) expect(HELDOUT.filter((m) => m.category === c).length).toBeGreaterThanOrEqual(6);
  });

  it("gets at least 75% of categories right and every priority", () => {
    const right = HELDOUT.filter((m) => run(m.text).category === m.category).length;
    expect(right / HELDOUT.length).toBeGreaterThanOrEqual(0.75);
    for (const m of HELDOUT) expect(run(m.text).priority, m.text).toBe(m.priority);
  });
});

describe("triage rules", () => {
  it("stolen account is urgent, a stuck withdrawal is high only with a TxID", () => {
    expect(run("my account was hacked and all BTC withdrawn").priority).toBe("urgent");
    expect(run("我的账号被盗了").priority).toBe("urgent");
    const tx = "ab".repeat(32);
    expect(run(`withdrawal stuck for 3 hours, txid ${tx}`)).toMatchObject({ category: "withdrawal", priority: "high" });
    expect(run("withdrawal stuck for 3 hours").priority).toBe("normal");
  });

  it("detects the language", () => {
    expect(run("提现一直没到账").language).toBe("zh");
    expect(run("withdrawal not arrived").language).toBe("en");
  });

  it("rules are data: an edited rule set changes the outcome", () => {
    const edited: TriageRules = {
      categories: [{ category: "promotions", en: ["moon"], zh: ["月亮"] }],
      priorities: [{ priority: "low", name: "moon talk", en: ["moon"] }],
    };
    const r = triage(compileRules(edited), "when moon?");
    expect(r).toMatchObject({ category: "promotions", priority: "low", reasons: ["moon talk"] });
    expect(triage(compileRules(edited), "my deposit is missing").category).toBe("other");
  });

  it("reports bad patterns and unknown categories instead of throwing later", () => {
    const bad = {
      categories: [{ category: "nope", patterns: ["("] }],
      priorities: [{ priority: "asap", name: "x" }],
    } as unknown as TriageRules;
    expect(ruleProblems(bad).map((p) => p.path)).toEqual([
      "categories.0.category",
      "categories.0.patterns.0",
      "priorities.0.priority",
    ]);
    expect(ruleProblems(DEFAULT_TRIAGE_RULES)).toEqual([]);
  });
});

describe("the seeded rules", () => {
  it("migration 0005 seeds exactly DEFAULT_TRIAGE_RULES", () => {
    const sql = readFileSync(new URL("../../../migrations/0005_intelligence.sql", import.meta.url), "utf8");
    const literal = /INSERT INTO triage_rules[^']*'((?:[^']|'')*)'/.exec(sql)?.[1];
    expect(literal).toBeDefined();
    expect(JSON.parse((literal as string).replace(/''/g, "'"))).toEqual(DEFAULT_TRIAGE_RULES);
  });
});
