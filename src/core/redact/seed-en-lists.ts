/**
 * How the words of an English run are laid out: as a list (numbered, one a line, a table), as
 * items of a numbered list around a phrase, or as CamelCase names of an identifier.
 */

import type { Entry } from "./seed-en-words";

/** Whether run[k] stands right after a number ("#2 olympic", "(2) olympic", "slab1 olympic2"). */
export function afterNumber(run: readonly Entry[], k: number, text: string): boolean {
  const e = run[k] as Entry;
  const prev = run[k - 1];
  return /\d/.test(text.slice(prev ? prev.end : Math.max(0, e.start - 6), e.start));
}

/**
 * Where the numbered list a phrase found at run[from] is part of starts: numbered items right
 * before it are the list's first items ("#1 slab #2 olympic #3 …"), not words of a sentence.
 */
export function numberedFrom(run: readonly Entry[], from: number, text: string): number {
  let k = from;
  while (k > 0 && afterNumber(run, k, text) && afterNumber(run, k - 1, text)) k--;
  return k;
}

/** Whether run[k] is an item of a numbered list: it and a neighbour stand right after a number ("1) Secret 2) Word"). */
export function listItem(run: readonly Entry[], k: number, text: string): boolean {
  if (!afterNumber(run, k, text)) return false;
  return (k + 1 < run.length && afterNumber(run, k + 1, text)) || (k > 0 && afterNumber(run, k - 1, text));
}

/** Where that list ends after run[to - 1]: its last numbered items go with the phrase. */
export function numberedTo(run: readonly Entry[], to: number, text: string): number {
  let k = to;
  while (k > 0 && k < run.length && afterNumber(run, k - 1, text) && afterNumber(run, k, text)) k++;
  return k;
}

/** How many CamelCase names of two or three words the entries come from. */
export const compounds = (entries: readonly Entry[]) =>
  new Set(entries.filter((e) => e.compound !== undefined).map((e) => e.compound)).size;

/**
 * Whether entries are laid out as a list: every two apart by more than one space (numbering, a
 * line break, a comma, a table's "|", a tab), as prose's words never are.
 */
export function listed(part: readonly Entry[], text: string): boolean {
  for (let k = 1; k < part.length; k++) {
    const gap = text.slice((part[k - 1] as Entry).end, (part[k] as Entry).start);
    if (gap === " " || gap === "") return false;
  }
  return part.length > 1;
}
