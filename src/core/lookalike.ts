/** What a string looks like to a hurried reader: the skeleton two lookalike names share. Pure. */

/** Cross-script and digit lookalikes, folded to the Latin letter they imitate. */
const CONFUSABLES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "l",
  ї: "l",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ү: "y",
  һ: "h",
  ɡ: "g",
  ɩ: "l",
  ı: "l",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "l",
  κ: "k",
  μ: "u",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  "0": "o",
  "1": "l",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "9": "g",
  i: "l",
  "|": "l",
  "!": "l",
  $: "s",
  "@": "a",
};

/**
 * What a string looks like to a hurried reader: lowercase, accents dropped, lookalike letters and
 * digits folded, `rn`/`vv` read as `m`/`w`, separators gone. Two strings with one skeleton are
 * easy to mistake for each other.
 */
export function skeleton(s: string): string {
  const folded = s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split("")
    .map((ch) => CONFUSABLES[ch] ?? ch)
    .join("");
  return folded
    .replace(/rn/g, "m")
    .replace(/vv/g, "w")
    .replace(/[^\p{L}\p{N}]/gu, "");
}
