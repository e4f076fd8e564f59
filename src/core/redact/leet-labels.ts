/**
 * A password label typed with symbols or digits for its letters ("p@ssword", "passw0rd", "pa$$word",
 * "pa55word", "PASSW0RD", "pas$word"), read as the label: a fix for ./label-typos, which puts the meant
 * word in the normalised text. Not the value itself: a word right after a password label ("password:
 * P@ssw0rd", "pwd P@ssw0rd") or before one ("P@ssw0rd is my password") is the password, and so is a
 * word followed by nothing that makes it a label (a separator, "is", a line break or the value).
 */

/** The letters symbols and digits stand for. */
const LEET: Record<string, string> = { "@": "a", "4": "a", $: "s", "5": "s", "0": "o", "3": "e" };
const WORD = /(?<![A-Za-z0-9@$])[A-Za-z0-9@$]{6,10}(?![A-Za-z0-9@$])/g;
/** What a label is followed by: a separator, "is", a line break, or a space and a value. */
const LABEL_AFTER = /^(?:[ \t]{0,2}(?:[:：=\t|-]|is(?![A-Za-z])|\r?\n)|[ \t]{1,2}\S)/i;
/** A password label right before: the word is its value. */
const LABEL_BEFORE = /(?:pass(?:word|wd)?|pwd|pw|密码|密碼)s?[ \t]{0,2}(?:[:：=]|is)?[ \t]{0,2}$/i;
/**
 * A password label within the words right after ("P@ssw0rd is my password", "P@ssw0rd 是我的密码"); a word of its
 * own after white space, not letters inside the value ("PASSW0RD=NpWDVk…" holds "pWD", "…Qot^PwD-bS7…" "PwD").
 */
const LABEL_SOON = /^[^\n]{0,24}?(?:(?<=\s)(?:pass(?:word|wd)|pwd)(?![A-Za-z0-9])|密码|密碼)/i;

/** The meant spelling in the customer's case: "P@SSWORD" -> "PASSWORD", "P@ssword" -> "Password". */
function inCase(typed: string, meant: string): string {
  const letters = typed.replace(/[^A-Za-z]/g, "");
  if (letters === letters.toUpperCase()) return meant.toUpperCase();
  return /[A-Z]/.test(typed[0] as string) ? meant[0]?.toUpperCase() + meant.slice(1) : meant;
}

/** Where leet password labels stand in `text`, with the word each means. */
export function leetLabels(text: string): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  if (!/[@$0-9]/.test(text)) return out;
  for (const m of text.matchAll(WORD)) {
    const typed = m[0];
    if (!/[@$0-9]/.test(typed) || (typed.match(/[A-Za-z]/g)?.length ?? 0) < 4) continue;
    const plain = typed
      .toLowerCase()
      .replace(/[@$0-9]/g, (c) => LEET[c] ?? c)
      .replace(/s{3,}/, "ss");
    const meant = plain === "password" || plain === "passwd" || plain === "passwords" ? plain : null;
    if (!meant) continue;
    const end = m.index + typed.length;
    if (!LABEL_AFTER.test(text.slice(end, end + 4))) continue;
    if (LABEL_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
    if (LABEL_SOON.test(text.slice(end, end + 40))) continue;
    out.push([m.index, end, inCase(typed, meant)]);
  }
  return out;
}
