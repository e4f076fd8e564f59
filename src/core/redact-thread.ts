/**
 * Redaction across a conversation: a secret a customer spreads over consecutive messages (and
 * the ticket's subject) is found in their concatenation, and every piece is replaced, the
 * earlier ones too. Pure: the caller reads the earlier messages and writes what changed.
 */
import { redactionMarker, redactParts, redactSpans, SECRET_KINDS, type SecretKind, type SecretSpan } from "./redact";
import { absorbPhraseWords, completesPhrase, isWholePhrase, isWholePiece } from "./redact-thread-absorb";
import { subjectFromText } from "./ticket";

/** How much of an earlier message's end is read and checked (characters): more than any secret's piece. */
export const THREAD_TAIL_CHARS = 2000;
/** How far back a sender's earlier messages count as written together with a new one. */
export const THREAD_WINDOW_MS = 15 * 60_000;
/** How many recent messages are read at most: a 24-word phrase sent one word per message fits. */
export const THREAD_MAX_MESSAGES = 24;
/** Earlier messages stored this shortly before a new one may have been sent after it (concurrent deliveries). */
export const THREAD_CONCURRENT_MS = 3_000;
/** At most this many of them are tried in another order. */
export const THREAD_MAX_REORDERED = 3;

export interface EarlierMessage {
  id: string;
  /** The last THREAD_TAIL_CHARS characters of its body (all of it when shorter). */
  tail: string;
  /** Its whole body's length in characters (code points, as SQLite counts them). */
  length: number;
  createdAt: string;
}

export interface ThreadContext {
  /** The same sender's earlier inbound messages on the ticket, oldest first. */
  earlier: EarlierMessage[];
  /** The ticket: its subject belongs to the conversation when its opening message is among `earlier`. */
  ticket: { id: string; subject: string; createdAt: string } | null;
}

/** An earlier message whose end changed: the last `cut` characters of its body become `newTail`. */
export interface TailChange {
  id: string;
  cut: number;
  oldTail: string;
  newTail: string;
}

export interface ThreadRedaction {
  /** The new text, with its pieces of any secret replaced. */
  text: string;
  kinds: SecretKind[];
  earlier: TailChange[];
  /** The ticket's subject when it changes: it held a piece, or was made from an opening message that did. */
  subject: { ticketId: string; from: string; to: string; openingMessageId: string } | null;
}

const MARKERS = new Map(SECRET_KINDS.map((k, i) => [redactionMarker(k), `\uE000${String.fromCharCode(0xe001 + i)}`]));
const MASKED = /\uE000([\uE001-\uE00F])/g;
const mask = (p: string) => p.replace(/\[redacted: [^\]\n]{1,40}\]/g, (m) => MARKERS.get(m) ?? m);
const unmask = (p: string) =>
  p.replace(MASKED, (_, c: string) => redactionMarker(SECRET_KINDS[c.charCodeAt(0) - 0xe001] as SecretKind));

/**
 * redactParts over texts that already hold markers: a marker is no secret, but a label before it
 * ("password: [redacted: password]") would take it for one. Markers stand aside as two private-use
 * characters (no word, no ASCII: nothing a detector takes for a secret) while the texts are checked.
 */
export function redactPartsAround(parts: readonly string[]): { parts: string[]; kinds: SecretKind[] } {
  const out = redactParts(parts.map(mask));
  if (!out.kinds.length) return { parts: [...parts], kinds: [] };
  return { parts: out.parts.map(unmask), kinds: out.kinds };
}

/**
 * The new message as it arrived, before redaction, and where redaction alone found its secrets
 * (offsets into `text`). Only ever read to find a secret and never returned: what redactThread
 * returns of it has those secrets replaced.
 */
export interface OriginalText {
  text: string;
  spans: readonly SecretSpan[];
}

/** What an earlier part holds once only a secret's pieces are gone: no word, no number longer than numbering. */
const ONLY_PIECES = /^[^\p{L}\p{N}]*(?:\d{1,2}[^\p{L}\p{N}]+)*$/u;
const MARKER_ANY = /\[redacted: [^\]\n]{1,40}\]/g;

/**
 * The earlier parts checked with the new message as it arrived (`parts[at]`, no markers in it): a phrase
 * that its piece completes passes the checksum only with the words that redaction alone replaced
 * ("awkward" + the 11 words after it, redacted on their own as a broken phrase). Taken: the parts next
 * to the new one (either side: it may have been sent before them) that are wholly pieces of it (wordlist
 * words on their own, Chinese characters apart) and go wholly. Read with the whole phrase, detection may
 * also take the end of a sentence before it ("… try again?", Chinese prose of wordlist characters,
 * "order 7418"): no piece, kept (absorbPhraseWords decides those, labels included). Null when none is
 * taken; else the new text loses what either reading found.
 */
function acrossOriginal(
  parts: readonly string[],
  at: number,
  original: OriginalText,
): { parts: string[]; kinds: SecretKind[] } | null {
  const out = redactParts(parts.map((p, i) => (i === at ? p : mask(p))));
  const next = out.parts.map((p, i) => (i === at ? p : unmask(p)));
  const piece = (i: number) =>
    Boolean(out.spans[i]?.length) &&
    isWholePiece(parts[i] as string) &&
    ONLY_PIECES.test((next[i] as string).replace(MARKER_ANY, " "));
  const taken = new Set<number>();
  for (let i = at - 1; i >= 0 && piece(i); i--) taken.add(i);
  for (let i = at + 1; i < parts.length && piece(i); i++) taken.add(i);
  if (!taken.size) return null;
  const own = redactSpans(original.text, [...original.spans, ...(out.spans[at] ?? [])]);
  const found = new Set([...own.kinds, ...[...taken].flatMap((i) => (out.spans[i] ?? []).map((s) => s.kind))]);
  return {
    parts: parts.map((p, i) => (i === at ? own.text : taken.has(i) ? (next[i] as string) : p)),
    kinds: SECRET_KINDS.filter((k) => found.has(k)),
  };
}

const SEED_MARKER = redactionMarker("seed_phrase");
/** Words of one piece, its lone first ones at most: more would have been read as a phrase's piece already. */
const MAX_LONE_WORDS = 2;

/** A label naming a phrase at a message's start, its words maybe on the wordlist ("seed phrase\n", "Secret phrase: "). */
const PHRASE_LABEL_START =
  /^[^\p{L}\p{N}]*(?:(?:my|the|seed|secret|recovery|backup|wallet)[^\p{L}\p{N}]+)*(?:phrase|words?|seed|mnemonic)(?:[^\p{L}\p{N}]+(?:is|are))?[^\p{L}\p{N}]/iu;

/**
 * How many of the latest earlier messages (each wholly a piece, MAX_LONE_WORDS words in all) begin the phrase
 * that `text` (as it arrived, wholly a piece) finishes, checksum over both; 0 when none do. None when `text` is a
 * label and a whole phrase: the label says where the phrase begins, and its wordlist words would count as the
 * phrase's (`Hello` + `seed phrase\n` + 12 words: 15 words, passing 1 time in 32).
 */
function loneFirst(tails: readonly string[], text: string): number {
  // A label of one word reads as one only set off by a mark or a line ("seed:\n", "phrase - "): "seed, retire, …"
  // may as well be the phrase's second word on (REDACT_SEED=302 of redact-thread-lone-first).
  const found = PHRASE_LABEL_START.exec(text)?.[0];
  const marks = found ? `${found}${/^[^\p{L}\p{N}]*/u.exec(text.slice(found.length))?.[0] ?? ""}` : "";
  const oneWord = (found?.match(/\p{L}+/gu)?.length ?? 0) < 2;
  const label = found && (!oneWord || /[:：\-–—\n]/u.test(marks)) ? found : undefined;
  // The label's last word may be the phrase's first ("seed - phrase party unlock …": "phrase" is a wordlist word).
  const lastWord = label?.search(/(?:phrase|words?|seed|mnemonic)(?:[^\p{L}\p{N}]+(?:is|are))?[^\p{L}\p{N}]$/iu) ?? -1;
  const whole =
    label && (isWholePhrase(text.slice(label.length)) || (lastWord > 0 && isWholePhrase(text.slice(lastWord))));
  if (!isWholePiece(text) || whole) return 0;
  let words = 0;
  for (let n = 1; n <= tails.length; n++) {
    const piece = tails[tails.length - n] as string;
    words += piece.match(/[A-Za-z]+|\p{Script=Han}/gu)?.length ?? 0;
    if (!isWholePiece(piece) || words > MAX_LONE_WORDS) return 0;
    if (completesPhrase(tails.slice(tails.length - n), text)) return n;
  }
  return 0;
}

/** Characters as SQLite counts them (code points), not UTF-16 units. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Finds secrets running from the sender's earlier messages (and the ticket's subject) into `text`.
 * `mayPrecede`: how many of the latest earlier messages arrived at about the same time as this one
 * (a concurrent delivery), so this one may have been written before them: when the order of
 * arrival finds nothing, this one is tried in each of those places too. `original`: `text` as it
 * arrived, when redaction alone changed it (see acrossOriginal), tried after `text` in the same places.
 */
export function redactThread(
  ctx: ThreadContext,
  text: string,
  mayPrecede = 0,
  original?: OriginalText,
): ThreadRedaction {
  const unchanged: ThreadRedaction = { text, kinds: [], earlier: [], subject: null };
  const { earlier, ticket } = ctx;
  if (!earlier.length) return unchanged;
  const first = earlier[0] as EarlierMessage;
  const opening = ticket && first.createdAt === ticket.createdAt ? first : null;
  // A subject made from the opening message repeats its words: it follows that message, it is no part of its own.
  const derived = Boolean(
    opening &&
      ticket &&
      codePoints(opening.tail) === opening.length &&
      subjectFromText(opening.tail) === ticket.subject,
  );
  const lead = opening && ticket && !derived ? [ticket.subject] : [];
  const tails = earlier.map((m) => m.tail);
  let found: { parts: string[]; kinds: SecretKind[]; at: number } | null = null;
  const last = Math.max(0, earlier.length - Math.max(0, mayPrecede));
  for (let at = earlier.length; at >= last && !found; at--) {
    const out = redactPartsAround([...lead, ...tails.slice(0, at), text, ...tails.slice(at)]);
    if (out.kinds.length) found = { ...out, at };
  }
  // Words next to a phrase already redacted are the rest of a longer one (see absorbPhraseWords).
  const absorb = (parts: string[], at: number) => {
    const whole = [...lead.map(() => false), ...earlier.map((m) => codePoints(m.tail) === m.length), true];
    whole.splice(lead.length + at, 0, whole.pop() as boolean);
    return absorbPhraseWords(parts, whole);
  };
  let at = found?.at ?? earlier.length;
  let parts = found?.parts ?? [...lead, ...tails, text];
  let absorbed = absorb(parts, at);
  // Nothing joins the markers: the new message as it arrived may complete a phrase with a lone word or two
  // (acrossOriginal). Not when it holds a whole phrase: the words a reading takes with it are prose ("Good morning").
  const completes = original?.spans.some(
    (s) => s.kind === "seed_phrase" && !isWholePhrase(original.text.slice(s.start, s.end)),
  );
  for (let k = earlier.length; original && completes && k >= last && !found && !absorbed; k--) {
    const out = acrossOriginal(
      [...lead, ...tails.slice(0, k), original.text, ...tails.slice(k)],
      lead.length + k,
      original,
    );
    if (!out) continue;
    found = { ...out, at: k };
    [at, parts] = [k, out.parts];
    absorbed = absorb(parts, at);
  }
  // A phrase's lone first words sent apart, the rest a whole piece that held a phrase by chance: the checksum over both.
  const lone =
    !found && !absorbed && original?.spans.some((s) => s.kind === "seed_phrase") ? loneFirst(tails, original.text) : 0;
  if (lone) {
    const k = earlier.length;
    parts = [...lead, ...tails.slice(0, k - lone), ...tails.slice(k - lone).map(() => SEED_MARKER), SEED_MARKER];
    [at, found] = [k, { parts, kinds: ["seed_phrase"], at: k }];
  }
  if (!found && !absorbed) return unchanged;
  const kinds: SecretKind[] = found ? found.kinds : ["seed_phrase"];
  if (absorbed && !kinds.includes("seed_phrase")) kinds.unshift("seed_phrase");

  // Back from the order tried to the earlier messages' own order.
  const tried = parts.slice(lead.length);
  const newText = tried[at] as string;
  const next = [...tried.slice(0, at), ...tried.slice(at + 1)];
  const changes: TailChange[] = [];
  earlier.forEach((m, i) => {
    const tail = next[i] as string;
    if (tail !== m.tail) changes.push({ id: m.id, cut: codePoints(m.tail), oldTail: m.tail, newTail: tail });
  });
  let subject: ThreadRedaction["subject"] = null;
  if (opening && ticket) {
    const to = derived ? subjectFromText(next[0] as string) : (parts[0] as string);
    if (to !== ticket.subject)
      subject = { ticketId: ticket.id, from: ticket.subject, to, openingMessageId: opening.id };
  }
  return { text: newText, kinds, earlier: changes, subject };
}

const MARKER = /\[redacted: [^\]\n]{1,40}\]/g;

/**
 * An edit brings a message's whole text again, including any piece of a secret that was redacted
 * only because of the neighbouring messages (alone, it looks harmless). Where the edit differs
 * from the stored body around such a marker, the marker stays: the differing part of the edit
 * is replaced by it. A part the customer emptied is simply gone. `stored` and `next` are redacted.
 */
export function keepContextRedactions(stored: string, next: string): string {
  const markers = [...stored.matchAll(MARKER)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  if (!markers.length || stored === next) return next;
  let p = 0;
  const max = Math.min(stored.length, next.length);
  while (p < max && stored[p] === next[p]) p++;
  let s = 0;
  while (s < max - p && stored[stored.length - 1 - s] === next[next.length - 1 - s]) s++;
  // Never between the two halves of a surrogate pair.
  if (p > 0 && /[\uD800-\uDBFF]/.test(next[p - 1] as string)) p--;
  if (s > 0 && /[\uDC00-\uDFFF]/.test(next[next.length - s] as string)) s--;
  // Whole markers only: a bound inside a marker moves out of it (the moved part is common to both texts).
  for (const m of markers) {
    if (m.start < p && p < m.end) p = m.start;
    const end = stored.length - s;
    if (m.start < end && end < m.end) s = stored.length - m.end;
  }
  const storedMid = stored.slice(p, stored.length - s);
  const nextMid = next.slice(p, next.length - s);
  const kept = [...new Set([...storedMid.matchAll(MARKER), ...nextMid.matchAll(MARKER)].map((m) => m[0]))];
  if (!storedMid.match(MARKER) || !nextMid.trim()) return next;
  return next.slice(0, p) + kept.join(" ") + next.slice(next.length - s);
}
