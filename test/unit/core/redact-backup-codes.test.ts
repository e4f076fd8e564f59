/**
 * 2FA backup codes after their label (the gap: "backup codes: 8362-1947 5520-3381" was kept),
 * fresh every run (REDACT_SEED=<seed> replays one), and order numbers near the words kept.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-backup-codes seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const LABELS = ["backup codes", "Backup codes", "recovery codes", "2FA backup codes", "备用码", "谷歌备用码", "恢复码"];
const LEADS = [": ", ":\n", " - ", "是：", "：", " "];

describe(`2FA backup codes (seed ${SEED})`, () => {
  it("redacts every code of a labelled list, in any layout", () => {
    const r = rng(SEED);
    const misses: string[] = [];
    for (let k = 0; k < 300; k++) {
      const digits = r.chance(0.6);
      const one = () => {
        const chars = digits ? "0123456789" : "abcdefghjkmnpqrstuvwxyz0123456789";
        const half = () => Array.from({ length: 4 }, () => r.pick([...chars])).join("");
        const code = `${half()}${r.pick(["-", " ", ""])}${half()}`;
        return /\d/.test(code) ? code : `${code.slice(0, -1)}7`;
      };
      const codes = Array.from({ length: 1 + r.int(8) }, one);
      const sep = r.pick([" ", ", ", "\n", "、", " | "]);
      const numbered = r.chance(0.3);
      const list = codes.map((c, i) => (numbered ? `${i + 1}. ${c}` : c)).join(numbered ? "\n" : sep);
      const text = `${r.pick(["", "我的", "my ", "Hi, "])}${r.pick(LABELS)}${r.pick(LEADS)}${list}${r.pick(["", "，请帮我", "\nthanks"])}`;
      const out = redactSecrets(text);
      const left = codes.filter((c) => out.text.includes(c));
      if (left.length || !out.kinds.includes("2fa_code"))
        misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(misses, misses.slice(0, 8).join("\n")).toEqual([]);
  });

  // A code's first letters that spell "is"/"are"/"was"/"were" ("recovery codes: is1cqivo …") were read as
  // "codes is …" and stayed, and the list's letters-only codes with them (redact-everyday, REDACT_SEED=1068723400).
  it("redacts a code that starts like 'is', 'are', 'was' or 'were', whole", () => {
    const r = rng(SEED + 1);
    const misses: string[] = [];
    const chars = "abcdefghjkmnpqrstuvwxyz0123456789";
    for (let k = 0; k < 200; k++) {
      const verb = r.pick(["is", "are", "was", "were", "IS", "Are"]);
      const code = (start: string) => {
        const rest = Array.from({ length: 8 - start.length }, () => r.pick([...chars])).join("");
        return `${start}${r.int(10)}${rest.slice(1)}`;
      };
      const codes = Array.from({ length: 1 + r.int(8) }, (_, i) => code(i === 0 ? verb : ""));
      const text = `${r.pick(LABELS)}${r.pick([": ", ":\n", " - ", "：", " "])}${codes.join(r.pick([" ", "\n", ", "]))}`;
      const out = redactSecrets(text).text;
      if (out.includes(`${verb}[redacted`) || codes.some((c) => out.includes(c)))
        misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    expect(misses.slice(0, 8), `${misses.length} of 200`).toEqual([]);
  });

  it("keeps order numbers and dates where backup codes are only talked about", () => {
    for (const text of [
      "I lost my backup codes, order 2024-118833 is stuck",
      "备用码丢了怎么办，订单号 20240611",
      "where are recovery codes shown? ticket #5520",
      "backup codes were sent on 2024-06-11",
    ]) {
      expect(redactSecrets(text).text).toBe(text);
    }
  });
});
