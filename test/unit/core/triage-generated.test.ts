/** Triage on messages generated fresh each run (the seed is in every failure message). */
import { describe, expect, it } from "vitest";
import { compileRules, triage } from "../../../src/core/triage";
import { DEFAULT_TRIAGE_RULES } from "../../../src/core/triage-rules";
import { generator } from "./triage-generated";

const RULES = compileRules(DEFAULT_TRIAGE_RULES);
const SEED = Number(process.env.TRIAGE_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe(`generated messages (TRIAGE_SEED=${SEED})`, () => {
  const g = generator(SEED);

  it("every stolen-account report, in any wording and language, is security and urgent", () => {
    const wrong: string[] = [];
    for (let i = 0; i < 400; i++) {
      const m = g.stolen();
      const got = triage(RULES, m.text);
      if (got.category !== "security" || got.priority !== "urgent")
        wrong.push(`${got.category}/${got.priority}: ${m.text}`);
    }
    expect(wrong, `TRIAGE_SEED=${SEED}`).toEqual([]);
  });

  it("messages sharing their words (own withdrawals, 2FA, 'not hacked', deposits, scams) keep their category and are not urgent", () => {
    const wrong: string[] = [];
    for (let i = 0; i < 400; i++) {
      const m = g.negative();
      const got = triage(RULES, m.text);
      if (got.category !== m.category || got.priority === "urgent") {
        wrong.push(`${m.category} <- ${got.category}/${got.priority}: ${m.text}`);
      }
    }
    expect(wrong, `TRIAGE_SEED=${SEED}`).toEqual([]);
  });
});
