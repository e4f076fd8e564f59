/**
 * What prose says a password is ("my password is wrong", "the password is case sensitive",
 * "Pass: same as before"): a desk's dictionary of the states, adjectives, participles, adverbs
 * and function words customers put after "password is" or "pass:". A plain word after those
 * labels that is none of them ("my password is sunflower") is the password (./word-passwords).
 */

import { PROSE } from "./label-accept";
import { GOES_ON, PROSE_WORDS } from "./label-values";

const STATES =
  // What happened to it, or what it does.
  (
    "wrong incorrect invalid expired expiring forgotten forgot reset resetting resets lost changed changing change " +
    "updated updating update required needed necessary mandatory optional missing working failing failed fails " +
    "broken locked blocked unlocked frozen suspended disabled enabled active inactive deactivated activated " +
    "compromised hacked leaked stolen exposed known shared public visible hidden masked encrypted hashed " +
    "protected unprotected saved stored remembered autofilled autofill filled typed entered accepted rejected " +
    "refused declined denied ignored recognized recognised unrecognized unrecognised not-working " +
    "stuck pending loading processing waiting blank empty unset set fixed done ready sent received attached " +
    "included enclosed below above here there mine yours his hers ours theirs same different similar " +
    "identical new old older newer current previous temporary temp default standard normal usual original " +
    "correct right proper good bad fine ok okay alright great perfect terrible horrible awful weird strange " +
    "odd funny fake real true false valid strong weak secure insecure safe unsafe simple complex complicated " +
    "easy hard difficult long short longer shorter tiny huge big small large lowercase uppercase numeric " +
    "alphanumeric random unique generated personal private sensitive important useless useful ready gone " +
    "unknown unclear confusing confused incomplete complete correctly wrongly " +
    "nothing something anything everything none null nil undefined n/a na tbd unavailable available " +
    "unchanged changed mistyped misspelled misspelt expiring outdated obsolete old-fashioned short-lived " +
    "removed deleted erased wiped cleared lost invalidated revoked cancelled canceled verified unverified " +
    "confirmed unconfirmed approved registered linked bound connected disconnected synced " +
    "required correct accurate inaccurate legit legitimate weird ridiculous annoying impossible " +
    "too so very really quite pretty totally completely definitely probably apparently actually " +
    "literally basically simply clearly obviously surely certainly exactly just only now still also " +
    "already again always never sometimes often usually currently suddenly recently somehow " +
    "what which who whom whose where when why how this that these those it its something " +
    "like unlike in on at of for from by with without about into onto over under above below after " +
    "before since until during within via per " +
    "a an the my your our their his her me you us them him we they he she i " +
    "yes no nope yeah yep maybe"
  ).split(" ");

/** Every word prose puts right after a password's label, lower case. */
const DICTIONARY = new Set<string>([...STATES, ...PROSE, ...PROSE_WORDS, ...GOES_ON]);

/** Adverbs ("totally wrong", "apparently fine"): never a password's single word after "is". */
const ADVERB = /^[a-z]{3,}(?:al|ous|ent|ant|ate|ive|ful|less|ible|able|ic|ete|ct|rect|ar|ain)ly$/;
/**
 * Participles and adjectives made with a prefix ("unrecognized", "deactivated", "misspelled",
 * "disconnected", "unusable", "invisible"): prose's, never the nouns people make passwords of.
 */
const DERIVED = /^(?:un|re|mis|dis|de|in|im|non|over|auto|pre)[a-z]{3,}(?:ed|ing|able|ible)$/;

/** Whether a word is one that prose puts after "password is" / "pass:" (any case). */
export function isProseState(word: string): boolean {
  const w = word.toLowerCase().replace(/’/g, "'");
  return DICTIONARY.has(w) || ADVERB.test(w) || DERIVED.test(w) || /['-]/.test(w);
}
