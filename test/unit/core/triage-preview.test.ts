// "Try a message": the preview decides as ingest would (secrets redacted first, entities from the
// redacted text, a pasted secret raises the priority) and says why.
import { describe, expect, it } from "vitest";
import { previewTriage } from "../../../src/core/triage-preview";
import { DEFAULT_TRIAGE_RULES } from "../../../src/core/triage-rules";

describe("previewTriage", () => {
  it("names the matched rules, the category's points and the entities", () => {
    const txid = `0x${[...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    const p = previewTriage(DEFAULT_TRIAGE_RULES, `My withdrawal has been stuck for 5 hours, TxID ${txid}`);
    expect(p.category).toBe("withdrawal");
    expect(p.entities).toContain("txid");
    expect(p.matchedRules.length).toBeGreaterThan(0);
    expect(p.priority).not.toBe("normal");
    expect(p.scores.withdrawal).toBeGreaterThan(0);
    expect(p.secrets).toEqual([]);
  });

  it("a draft rule decides, and nothing matches gives normal with no rules", () => {
    const rules = { categories: [], priorities: [{ priority: "low" as const, name: "thanks", en: ["thank you"] }] };
    expect(previewTriage(rules, "Thank you so much!")).toMatchObject({ priority: "low", matchedRules: ["thanks"] });
    expect(previewTriage(rules, "hello")).toMatchObject({ priority: "normal", matchedRules: [], category: "other" });
  });

  it("a pasted secret is reported by kind and raises the priority to at least high", () => {
    const rules = { categories: [], priorities: [] };
    const key = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
    const p = previewTriage(rules, `private key: ${key}`);
    expect(p.secrets.length).toBeGreaterThan(0);
    expect(p.priority).toBe("high");
    expect(JSON.stringify(p)).not.toContain(key);
  });
});
