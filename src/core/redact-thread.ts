/**
 * Redaction across a conversation: a secret a customer spreads over consecutive messages (and
 * the ticket's subject) is found in their concatenation, and every piece is replaced, the
 * earlier ones too. Pure: the caller reads the earlier messages and writes what changed.
 */
import { redactionMarker, redactParts, SECRET_KINDS, type SecretKind } from "./redact";
import { absorbPhraseWords } from "./redact-thread-absorb";
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

/**
 * redactParts over texts that already hold markers: a marker is no secret, but a label before it
 * ("password: [redacted: password]") would take it for one. Markers stand aside as two private-use
 * characters (no word, no ASCII: nothing a detector takes for a secret) while the texts are checked.
 */
export function redactPartsAround(parts: readonly string[]): { parts: string[]; kinds: SecretKind[] } {
  const masked = parts.map((p) => p.replace(/\[redacted: [^\]\n]{1,40}\]/g, (m) => MARKERS.get(m) ?? m));
  const out = redactParts(masked);
  if (!out.kinds.length) return { parts: [...parts], kinds: [] };
  const unmask = (p: string) =>
    p.replace(MASKED, (_, c: string) => redactionMarker(SECRET_KINDS[c.charCodeAt(0) - 0xe001] as SecretKind));
  return { parts: out.parts.map(unmask), kinds: out.kinds };
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
 * arrival finds nothing, this one is tried in each of those places too.
 */
export function redactThread(ctx: ThreadContext, text: string, mayPrecede = 0): ThreadRedaction {
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
  const at = found?.at ?? earlier.length;
  const parts = found?.parts ?? [...lead, ...tails, text];
  // Words next to a phrase already redacted are the rest of a longer one (see absorbPhraseWords).
  const whole = [...lead.map(() => false), ...earlier.map((m) => codePoints(m.tail) === m.length), true];
  whole.splice(lead.length + at, 0, whole.pop() as boolean);
  const absorbed = absorbPhraseWords(parts, whole);
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
