import { describe, expect, it } from "vitest";
import {
  findMentions,
  handleOf,
  type MentionCandidate,
  mentionedStaffIds,
  mentionQueryAt,
  mentionSuggestions,
} from "../../../src/core/mentions";

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明"];
const LATIN = ["Li", "Wei", "Anna", "Omar", "Chloé", "Sam", "Ngozi", "Jörg", "Mia", "Kenji"];
const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)] as T;
const rnd = () => crypto.randomUUID().replace(/-/g, "").slice(0, 6);

/** A directory of generated staff: Chinese names, Latin names with spaces, handles from email local parts. */
function directory(n = 8): MentionCandidate[] {
  const names = new Set<string>();
  const out: MentionCandidate[] = [];
  while (out.length < n) {
    const zh = out.length % 2 === 0;
    const name = zh ? `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}` : `${pick(LATIN)} ${pick(LATIN)}${rnd()}`;
    if (names.has(name.toLowerCase())) continue;
    names.add(name.toLowerCase());
    out.push({ id: `stf_${rnd()}${out.length}`, name, handles: [`h${rnd()}.x${out.length}`] });
  }
  return out;
}

const PUNCT = [",", "，", "。", "!", "？", ":", "：", ")", "）", " ", "\n", ".", "、", ";"];

describe("findMentions (generated names)", () => {
  it("finds every staff member mentioned by name or handle, before any punctuation, once each", () => {
    for (let round = 0; round < 50; round++) {
      const dir = directory();
      const chosen = dir.filter(() => Math.random() < 0.5);
      const parts = chosen.map((c) => {
        const label = Math.random() < 0.3 ? (c.handles?.[0] as string) : c.name;
        return `请 @${Math.random() < 0.5 ? label : label.toUpperCase()}${pick(PUNCT)} 看一下`;
      });
      const text = `${parts.join(" ")} and again @${chosen[0]?.name ?? "nobody"} done`;
      expect(mentionedStaffIds(text, dir, "stf_author")).toEqual(chosen.map((c) => c.id));
    }
  });

  it("a Chinese name runs straight into Chinese text, the longest name winning", () => {
    const dir: MentionCandidate[] = [
      { id: "stf_a", name: "王伟" },
      { id: "stf_b", name: "王伟明" },
    ];
    expect(mentionedStaffIds("@王伟明请看", dir, "x")).toEqual(["stf_b"]);
    expect(mentionedStaffIds("请@王伟看一下", dir, "x")).toEqual(["stf_a"]);
    expect(mentionedStaffIds("＠王伟 看一下", dir, "x")).toEqual(["stf_a"]);
    expect(mentionedStaffIds("@Anna请看", [{ id: "stf_anna", name: "Anna" }], "x")).toEqual(["stf_anna"]);
  });

  it("Latin names with spaces, overlapping names, case and accents", () => {
    const dir: MentionCandidate[] = [
      { id: "stf_li", name: "Li" },
      { id: "stf_liwei", name: "Li Wei" },
      { id: "stf_chloe", name: "Chloé Martin" },
    ];
    expect(mentionedStaffIds("@li wei, please check", dir, "x")).toEqual(["stf_liwei"]);
    expect(mentionedStaffIds("@Li: please check", dir, "x")).toEqual(["stf_li"]);
    expect(mentionedStaffIds("@CHLOÉ MARTIN.", dir, "x")).toEqual(["stf_chloe"]);
    // A longer word is not the name: "@Lisa" mentions nobody.
    expect(mentionedStaffIds("@Lisa and @Li_x and @Li-x", dir, "x")).toEqual([]);
  });

  it("email addresses are not mentions, whatever the staff are called", () => {
    for (let i = 0; i < 50; i++) {
      const local = `${pick(["a", "li", "wei", "support", "b.c", "x+y", "王"])}${rnd()}`;
      const domain = pick(["b.com", "example.org", "li.io", "exchange.cn"]);
      const dir: MentionCandidate[] = [
        { id: "stf_1", name: domain.split(".")[0] as string, handles: [domain.split(".")[0] as string] },
        { id: "stf_2", name: "b" },
      ];
      const text = `${pick(["mail", "写信给", "(", "contact:"])}${local}@${domain}${pick(PUNCT)}`;
      // The "@" follows the address's own characters: never a mention, even where the domain is a staff name.
      const ids = mentionedStaffIds(text.replace(/^[(:]/, "x"), dir, "x");
      expect(ids, text).toEqual([]);
    }
    expect(mentionedStaffIds("write to a@b.com today", [{ id: "stf_b", name: "b" }], "x")).toEqual([]);
    expect(mentionedStaffIds("see @b.com", [{ id: "stf_b", name: "b" }], "x")).toEqual([]);
    expect(mentionedStaffIds("ask @b.", [{ id: "stf_b", name: "b" }], "x")).toEqual(["stf_b"]);
  });

  it("unknown names stay plain text; the author is never mentioned; positions point at the @", () => {
    const dir = directory(4);
    const [first] = dir as [MentionCandidate];
    expect(mentionedStaffIds(`@nobody${rnd()} and @@ and @ alone`, dir, "x")).toEqual([]);
    expect(mentionedStaffIds(`@${first.name} hi`, dir, first.id)).toEqual([]);
    const text = `hi @${first.name}!`;
    const [m] = findMentions(text, dir);
    expect(text.normalize("NFKC").slice(m?.start, m?.end)).toBe(`@${first.name}`);
  });
});

describe("handles and autocomplete", () => {
  it("a handle is an email's local part", () => {
    expect(handleOf("li.wei@example.com")).toBe("li.wei");
    expect(handleOf(null)).toBeNull();
    expect(handleOf("")).toBeNull();
  });

  it("the @word at the caret, not inside an email", () => {
    expect(mentionQueryAt("hi @Li W", 8)).toEqual({ start: 3, query: "Li W" });
    expect(mentionQueryAt("请@王", 3)).toEqual({ start: 1, query: "王" });
    expect(mentionQueryAt("mail a@b", 8)).toBeNull();
    expect(mentionQueryAt("no mention", 5)).toBeNull();
  });

  it("suggestions start with the query first, also by later words and handles", () => {
    const dir: MentionCandidate[] = [
      { id: "1", name: "Li Wei" },
      { id: "2", name: "Wei Zhang" },
      { id: "3", name: "王伟" },
      { id: "4", name: "Omar", handles: ["ops.omar"] },
    ];
    expect(mentionSuggestions("wei", dir).map((c) => c.id)).toEqual(["2", "1"]);
    expect(mentionSuggestions("王", dir).map((c) => c.id)).toEqual(["3"]);
    expect(mentionSuggestions("ops", dir).map((c) => c.id)).toEqual(["4"]);
    expect(mentionSuggestions("", dir)).toHaveLength(4);
  });
});
