/**
 * @mentions in internal notes: `@name` names a colleague by display name (Latin or Chinese, spaces allowed) or by a
 * handle (the local part of their email). Pure: the caller hands in the staff directory.
 */

/** A staff member a note can mention: their display name and any handles (email local parts). */
export interface MentionCandidate {
  id: string;
  name: string;
  handles?: readonly string[];
}

/** One resolved mention: who, and where in the (NFKC-normalised) text the `@label` stands. */
export interface FoundMention {
  staffId: string;
  start: number;
  end: number;
}

/** The characters that may precede an `@` in an email address: such an `@` is not a mention (`li@example.com`). */
const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}_.+%\-'`~!#$&*=?^{|}/]/u;
const HAN = /\p{Script=Han}/u;
/** A label ending in one of these continues into the next word unless that word starts otherwise. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_-]/u;

function fold(s: string): string {
  return s.normalize("NFKC").toLocaleLowerCase("en");
}

/** The labels a candidate answers to, folded: display name (spaces collapsed) and handles. */
function labelsOf(c: MentionCandidate): string[] {
  const out = new Set<string>();
  const name = fold(c.name).replace(/\s+/g, " ").trim();
  if (name) out.add(name);
  for (const h of c.handles ?? []) {
    const handle = fold(h).trim();
    if (handle && !/\s|@/.test(handle)) out.add(handle);
  }
  return [...out];
}

/** Whether a label ending at `end` stops there: the next character does not carry the word (or an email) on. */
function endsAt(text: string, label: string, end: number): boolean {
  const next = text[end];
  if (next === undefined) return true;
  // Chinese is written without spaces: "@王伟请看" mentions 王伟, "@Anna请看" Anna (the longest matching name wins).
  const last = [...label].pop() ?? "";
  if (HAN.test(last) || HAN.test(next)) return true;
  if (WORD_CHAR.test(next) || next === "@") return false;
  // "@li.wei" is not "@li" followed by a full stop; "@li." at the end of a sentence is.
  if (next === ".") return !/[\p{L}\p{N}]/u.test(text[end + 1] ?? "");
  return true;
}

/**
 * The colleagues `text` mentions, each once, in order of first mention. An `@` right after a letter, digit or
 * another email character is an email address, not a mention; an `@` that matches no one is plain text. Where
 * names overlap ("Li" and "Li Wei") the longest one that fits wins.
 */
export function findMentions(text: string, directory: readonly MentionCandidate[]): FoundMention[] {
  const norm = text.normalize("NFKC");
  const lower = norm.toLocaleLowerCase("en");
  // Lower-casing keeps lengths for the scripts staff names use; fall back to exact case when it does not.
  const folded = lower.length === norm.length ? lower : norm;
  const labels = directory
    .flatMap((c) => labelsOf(c).map((label) => ({ label, id: c.id })))
    .sort((a, b) => b.label.length - a.label.length || a.id.localeCompare(b.id));
  const found: FoundMention[] = [];
  const seen = new Set<string>();
  for (let i = folded.indexOf("@"); i !== -1; i = folded.indexOf("@", i + 1)) {
    const prev = folded[i - 1];
    if (prev !== undefined && EMAIL_LOCAL_CHAR.test(prev) && !HAN.test(prev)) continue;
    const at = i + 1;
    const hit = labels.find(({ label }) => folded.startsWith(label, at) && endsAt(folded, label, at + label.length));
    if (!hit) continue;
    if (!seen.has(hit.id)) {
      seen.add(hit.id);
      found.push({ staffId: hit.id, start: i, end: at + hit.label.length });
    }
    i = at + hit.label.length - 1;
  }
  return found;
}

/** The staff ids a note mentions, leaving out its author (nobody is told about their own note). */
export function mentionedStaffIds(text: string, directory: readonly MentionCandidate[], authorId: string): string[] {
  return findMentions(text, directory)
    .map((m) => m.staffId)
    .filter((id) => id !== authorId);
}

/** The handle of an email address: its local part (what `@handle` mentions), or null. */
export function handleOf(email: string | null | undefined): string | null {
  const local = email?.split("@")[0]?.trim();
  return local ? local : null;
}

/**
 * The `@` word being typed at `caret` in a composer, for autocomplete: the text after the `@` (may hold spaces
 * for "Li W"), or null when the caret is not in a mention.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at === -1) return null;
  const prev = before[at - 1];
  if (prev !== undefined && EMAIL_LOCAL_CHAR.test(prev) && !HAN.test(prev)) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n\r@]/.test(query) || /\s{2}/.test(query)) return null;
  return { start: at, query };
}

/** Directory entries whose name or handle starts with (or, for 2+ characters, contains) `query`, best first. */
export function mentionSuggestions<T extends MentionCandidate>(query: string, directory: readonly T[], limit = 6): T[] {
  const q = fold(query).trim();
  const scored = directory
    .map((c) => {
      const labels = labelsOf(c);
      const score = labels.some((l) => l.startsWith(q))
        ? 0
        : q.length >= 1 && labels.some((l) => l.split(" ").some((w) => w.startsWith(q)))
          ? 1
          : q.length >= 2 && labels.some((l) => l.includes(q))
            ? 2
            : 3;
      return { c, score };
    })
    .filter((x) => x.score < 3)
    .sort((a, b) => a.score - b.score || a.c.name.localeCompare(b.c.name));
  return scored.slice(0, limit).map((x) => x.c);
}
