import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractEntities } from "../../../src/core/entities";
import { CATEGORIES } from "../../../src/core/ticket";
import { compileRules, ruleProblems, TRIAGE_MAX_CHARS, type TriageRules, triage } from "../../../src/core/triage";
import { DEFAULT_TRIAGE_RULES } from "../../../src/core/triage-rules";
import { COMPROMISE_NEGATIONS, COMPROMISE_RULES } from "../../../src/core/triage-rules-compromise";
import { HELDOUT_SETS, type LabelledMessage, loadLabelled, TUNING_SETS } from "../../fixtures/corpus/labelled";

const RULES = compileRules(DEFAULT_TRIAGE_RULES);
const run = (text: string) => triage(RULES, text, { entities: extractEntities(text).map((e) => e.kind) });
const TUNING = TUNING_SETS.flatMap((s) => loadLabelled(s));
const REALISTIC = loadLabelled("heldout-realistic");
const HELDOUT = HELDOUT_SETS.flatMap((s) => loadLabelled(s));
const zh = (m: LabelledMessage) => /\p{Script=Han}/u.test(m.text);
const stolen = (m: LabelledMessage) => m.category === "security" && m.priority === "urgent";

/** Per category: the share of its messages triaged into it, and the misses for the failure message. */
function accuracy(set: LabelledMessage[]) {
  const misses: string[] = [];
  const byCategory = CATEGORIES.map((c) => {
    const of = set.filter((m) => m.category === c);
    const right = of.filter((m) => run(m.text).category === c).length;
    for (const m of of) if (run(m.text).category !== c) misses.push(`${c} <- ${run(m.text).category}: ${m.text}`);
    return { category: c, share: right / of.length };
  });
  const overall = set.filter((m) => run(m.text).category === m.category).length / set.length;
  return { byCategory, overall, misses: misses.join("\n") };
}

describe("the labelled sets", () => {
  it("are big enough: zh and en, every category, 60+ stolen-account cases held out", () => {
    expect(TUNING.length).toBeGreaterThanOrEqual(500);
    expect(REALISTIC.length).toBeGreaterThanOrEqual(300);
    expect(REALISTIC.filter(stolen).length).toBeGreaterThanOrEqual(60);
    for (const set of [TUNING, REALISTIC]) {
      expect(set.filter(zh).length).toBeGreaterThanOrEqual(set.length / 3);
      for (const c of CATEGORIES) expect(set.filter((m) => m.category === c).length).toBeGreaterThanOrEqual(19);
    }
  });

  it("tuning sets: at least 97% right overall and 90% in each category, every stolen case security/urgent", () => {
    const { byCategory, overall, misses } = accuracy(TUNING);
    for (const { category, share } of byCategory) expect(share, `${category}\n${misses}`).toBeGreaterThanOrEqual(0.9);
    expect(overall, misses).toBeGreaterThanOrEqual(0.97);
    for (const m of TUNING.filter(stolen))
      expect(run(m.text), m.text).toMatchObject({ category: "security", priority: "urgent" });
  });
});

describe("held-out sets (never used to tune the rules)", () => {
  it("at least 95% right in every category, on the realistic set and on every held-out message together", () => {
    for (const set of [REALISTIC, HELDOUT]) {
      const { byCategory, misses } = accuracy(set);
      for (const { category, share } of byCategory)
        expect(share, `${category}\n${misses}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("every stolen-account case is security and urgent, and nothing else is urgent", () => {
    for (const m of HELDOUT) {
      const got = run(m.text);
      if (stolen(m)) expect(got, m.text).toMatchObject({ category: "security", priority: "urgent", categorySet: true });
      else expect(got.priority, m.text).not.toBe("urgent");
    }
  });

  it("gets the priority of every held-out message right (urgent, high for a stuck withdrawal with a TxID)", () => {
    const wrong = HELDOUT.filter((m) => run(m.text).priority !== m.priority).map((m) => m.text);
    expect(wrong).toEqual([]);
  });
});

describe("stolen accounts: urgent means urgent", () => {
  it("the issue's message, and stolen-account reports that name another category", () => {
    for (const text of [
      "someone logged into my account from Russia and withdrew all my ETH, please freeze it NOW",
      "my deposit from yesterday is gone, my balance is zero and I didn't do anything",
      "API key I never created is trading on my account",
      "有人改了我的邮箱然后把币提走了",
      "我的ＡＣＣ被ｈａｃｋ了", // full-width letters
      "帳號被盜，資產全部被轉走了", // traditional characters
      "wo de zhanghao bei dao le",
      "pls freez my acc, i got sim swapped",
    ]) {
      expect(run(text), text).toMatchObject({ category: "security", priority: "urgent", categorySet: true });
    }
  });

  it("a customer's own withdrawal, 2FA set-up, a lost phone and a negated or hypothetical hack are not urgent", () => {
    const cases: Array<[string, string]> = [
      ["my withdrawal has been pending for 6 hours, I need my money asap", "withdrawal"],
      ["I didn't receive my withdrawal and it's been 2 days", "withdrawal"],
      ["I changed my password and now I can't withdraw for 24 hours", "withdrawal"],
      ["how do I enable 2FA?", "security"],
      ["I lost my phone with the authenticator, how do I reset 2fa?", "security"],
      ["I was not hacked, I just forgot my password", "account"],
      ["我的账号没有被盗，只是忘记密码了", "account"],
      ["what should I do if my account gets hacked?", "security"],
      ["如何防止账号被盗？", "security"],
      ["I sent 0.5 BTC to my deposit address but my balance is still zero", "deposit"],
      ["got liquidated, my futures balance is 0, was that fair?", "trading"],
      ["my python bot gets 401 unauthorized from the api", "api"],
      ["someone on telegram pretending to be support asked for my seed phrase", "scam_report"],
      ["my account is frozen, why?", "account"],
    ];
    for (const [text, category] of cases) {
      const got = run(text);
      expect(got.category, text).toBe(category);
      expect(got.priority, text).not.toBe("urgent");
      expect(got.categorySet, text).toBe(false);
    }
  });

  it("a stuck withdrawal is high only with a TxID", () => {
    const tx = "ab".repeat(32);
    expect(run(`withdrawal stuck for 3 hours, txid ${tx}`)).toMatchObject({ category: "withdrawal", priority: "high" });
    expect(run("withdrawal stuck for 3 hours").priority).toBe("normal");
  });

  it("reads only the first TRIAGE_MAX_CHARS characters", () => {
    const filler = "thanks for the quick answer last time. ".repeat(TRIAGE_MAX_CHARS / 20);
    expect(run(`my account was hacked\n${filler}`).priority).toBe("urgent");
    expect(run(`${filler}\nmy account was hacked`).priority).toBe("normal");
  });
});

describe("the engine: rules are data", () => {
  it("detects the language", () => {
    expect(run("提现一直没到账").language).toBe("zh");
    expect(run("withdrawal not arrived").language).toBe("en");
  });

  it("an edited rule set changes the outcome", () => {
    const edited: TriageRules = {
      categories: [{ category: "promotions", en: ["moon"], zh: ["月亮"] }],
      priorities: [{ priority: "low", name: "moon talk", en: ["moon"] }],
    };
    const r = triage(compileRules(edited), "when moon?");
    expect(r).toMatchObject({ category: "promotions", priority: "low", reasons: ["moon talk"], categorySet: false });
    expect(triage(compileRules(edited), "my deposit is missing").category).toBe("other");
    expect(triage(compileRules(edited), "我想看月亮").category).toBe("promotions");
  });

  it("one mention counts once, for its longest keyword; English words start at a Chinese character too", () => {
    const rules = compileRules({
      categories: [
        { category: "withdrawal", weight: 2, en: ["withdraw", "withdrawal"] },
        { category: "kyc", weight: 3, en: ["face"] },
      ],
      priorities: [],
    });
    expect(triage(rules, "withdrawal face check").category).toBe("kyc"); // 2, not 4, against 3
    expect(triage(rules, "withdraw now, withdrawal later").category).toBe("withdrawal"); // two mentions: 4
    expect(triage(rules, "提现要刷face吗").category).toBe("kyc");
    expect(triage(rules, "surface").category).toBe("other");
  });

  it("fuzzy keywords take one typo of 7+ letters, only where the rule asks for it", () => {
    const rules = (fuzzy: boolean) =>
      compileRules({ categories: [{ category: "withdrawal", en: ["withdrawal"], fuzzy }], priorities: [] });
    for (const typo of ["widthdrawal", "withdrawl", "wihtdrawal", "withdrawel"]) {
      expect(triage(rules(true), `my ${typo} is late`).category, typo).toBe("withdrawal");
      expect(triage(rules(false), `my ${typo} is late`).category, typo).toBe("other");
    }
    expect(triage(rules(true), "my windowsill is late").category).toBe("other");
  });

  it("with, unless, negatable and setCategory", () => {
    const rules: TriageRules = {
      categories: [{ category: "deposit", weight: 5, en: ["deposit"] }],
      priorities: [
        {
          priority: "urgent",
          name: "gone, not me",
          en: ["gone"],
          with: { en: ["not me"] },
          unless: { en: ["liquidat"] },
          negatable: true,
          setCategory: "security",
        },
      ],
      negations: { en: ["what if"], patterns: ["\\bnot\\s+$"] },
    };
    const c = compileRules(rules);
    expect(triage(c, "deposit gone, not me")).toMatchObject({ category: "security", priority: "urgent" });
    expect(triage(c, "deposit gone")).toMatchObject({ category: "deposit", priority: "normal" });
    expect(triage(c, "deposit gone after liquidation, not me").priority).toBe("normal");
    expect(triage(c, "deposit not gone, not me").priority).toBe("normal");
    expect(triage(c, "what if my deposit is gone? not me").priority).toBe("normal");
    expect(triage(c, "what if? my deposit is gone, not me").priority).toBe("urgent");
  });

  it("reports bad patterns and unknown categories instead of throwing later", () => {
    const bad = {
      categories: [{ category: "nope", patterns: ["("] }],
      priorities: [
        { priority: "asap", name: "x" },
        {
          priority: "urgent",
          name: "y",
          setCategory: "lottery",
          with: { patterns: ["["] },
          unless: { patterns: ["+"] },
        },
      ],
      negations: { patterns: ["(?<"] },
    } as unknown as TriageRules;
    expect(ruleProblems(bad).map((p) => p.path)).toEqual([
      "categories.0.category",
      "categories.0.patterns.0",
      "priorities.0.priority",
      "priorities.1.setCategory",
      "priorities.1.with.patterns.0",
      "priorities.1.unless.patterns.0",
      "negations.patterns.0",
    ]);
    expect(ruleProblems(DEFAULT_TRIAGE_RULES)).toEqual([]);
  });
});

describe("the stored rules", () => {
  const m0005 = readFileSync(new URL("../../../migrations/0005_intelligence.sql", import.meta.url), "utf8");
  const m0012 = readFileSync(new URL("../../../migrations/0012_triage.sql", import.meta.url), "utf8");
  const strings = [...m0012.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] as string).replace(/''/g, "'"));
  const json = strings.filter((s) => s.startsWith("{") || s.startsWith("["));

  it("migration 0012 stores exactly DEFAULT_TRIAGE_RULES where 0005's seed was left untouched", () => {
    const seed = /INSERT INTO triage_rules[^']*'((?:[^']|'')*)'/.exec(m0005)?.[1]?.replace(/''/g, "'");
    expect(JSON.parse(json[0] as string)).toEqual(DEFAULT_TRIAGE_RULES);
    expect(json[1]).toBe(seed);
  });

  it("migration 0012 adds the stolen-account rules and their negations to edited rules", () => {
    expect(JSON.parse(json[2] as string)).toEqual(COMPROMISE_RULES);
    expect(JSON.parse(json[4] as string)).toEqual(COMPROMISE_NEGATIONS);
    expect(DEFAULT_TRIAGE_RULES.priorities.slice(0, COMPROMISE_RULES.length)).toEqual(COMPROMISE_RULES);
  });
});
