/**
 * Passphrases and passwords of ordinary words after their label, fresh every run: a BIP-39
 * passphrase ("the 25th word"), a wallet's passphrase, a password of several lower-case words,
 * in lower case, Title Case or capitals, in the sentences customers write them in. And the
 * prose that follows the same labels ("my passphrase is not set", "the 25th word is optional"),
 * which must stay exactly as written.
 */

import type { Rng } from "./secret-generator";

export interface WordsCase {
  layout: string;
  text: string;
  /** The secret's words: none may survive as a whole word of the output. */
  words: string[];
}

/** Everyday English words, as diceware-style passphrases and memorable passwords are made of. */
const COMMON = (
  "horse battery staple tiger ocean window marble garden river pencil candle rocket yellow orange purple " +
  "monkey coffee silver castle dragon forest island jacket kitten ladder mirror needle oyster parrot " +
  "pepper planet rabbit saddle tomato turtle velvet wizard zebra anchor basket bridge butter " +
  "cactus carpet cherry circle cotton desert dinner doctor engine farmer feather flower fossil giant " +
  "guitar hammer helmet hockey honey jungle kettle lemon lizard magnet meadow melon mountain napkin " +
  "orbit paddle pillow pirate potato puzzle quartz radio rhythm salmon shadow sketch spider spring " +
  "sunset tunnel umbrella valley violin walnut winter cloud storm thunder copper banana piano sugar " +
  "marble canyon falcon harbor lantern meteor nectar olive pebble quiver ribbon tractor walrus"
).split(" ");
/** Common nouns that prose also uses after "my password is" ("… changed 3 months ago"). */
const TIME_WORDS = ["time", "day", "week", "month", "year", "hour", "minute", "number"];
/** Words a passphrase may start with that prose uses too ("correct horse battery staple"). */
const ADJECTIVES = ["correct", "happy", "brave", "quiet", "lucky", "gentle", "purple", "frozen", "golden", "rapid"];

const title = (w: string) => w[0]?.toUpperCase() + w.slice(1);
function words(r: Rng, n: number, adjective = false): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const w = out.length === 0 && adjective ? r.pick(ADJECTIVES) : r.pick(COMMON);
    if (!out.includes(w)) out.push(w);
  }
  return out;
}
function styled(r: Rng, ws: string[]): string[] {
  const style = r.int(4);
  return ws.map((w) => (style === 1 ? title(w) : style === 2 ? w.toUpperCase() : w));
}

/** A BIP-39 passphrase (the 25th word) or a wallet's passphrase: one word or several. */
const PHRASE_LAYOUTS: Array<(p: string, r: Rng) => string> = [
  (p) => `Passphrase: ${p}`,
  (p) => `passphrase: ${p}`,
  (p) => `my passphrase is ${p}`,
  (p) => `My passphrase is ${p}.`,
  (p) => `BIP39 passphrase = ${p}`,
  (p) => `bip39 passphrase: ${p}`,
  (p) => `Ledger passphrase: ${p}\nThanks`,
  (p) => `Passphrase:\n${p}`,
  (p) => `**Passphrase:** ${p}`,
  (p) => `pass phrase: ${p}, please help`,
  (p) => `my passphrase is ${p} and I can't open the hidden account`,
  (p, r) =>
    `Hi, I set a passphrase on my ${r.pick(["Trezor", "Ledger", "Keystone"])}. Passphrase: ${p}. It shows 0 now.`,
  (p) => `my wallet passphrase is: ${p}`,
  (p) => `the passphrase was ${p}`,
];
const ONE_WORD_LAYOUTS: Array<(w: string) => string> = [
  (w) => `25th word: ${w}`,
  (w) => `the 25th word is ${w}`,
  (w) => `The 25th word is "${w}"`,
  (w) => `13th word: ${w}`,
  (w) => `my 25th word = ${w}`,
  (w) => `BIP39 passphrase: ${w}`,
  (w) => `twenty-fifth word: ${w}`,
  (w) => `extra word: ${w}`,
  (w) => `my passphrase (25th word) is ${w}`,
];
/** A password of several words: three to six, as "correct horse battery staple" taught. */
const PASSWORD_LAYOUTS: Array<(p: string) => string> = [
  (p) => `password: ${p}`,
  (p) => `Password: ${p}`,
  (p) => `my password is ${p}`,
  (p) => `My password is ${p}, can you reset my 2FA?`,
  (p) => `pwd: ${p}`,
  (p) => `login password: ${p}\nemail: bob@mail.com`,
  (p) => `the password is ${p}`,
  (p) => `my password is ${p} and the account is locked`,
  (p) => `the passphrase I used is ${p}`,
  (p) => `passphrase for my ledger: ${p}`,
  (p) => `my password for binance is ${p}`,
  (p) => `my passphrase on the trezor is ${p}`,
  (p) => `old password - ${p}`,
  (p) => `| Field | Value |\n|---|---|\n| Email | bob@mail.com |\n| Passphrase | ${p} |`,
  (p) => `Email\tPassword\nbob@mail.com\t${p}`,
];

export function passphraseCase(r: Rng): WordsCase {
  const roll = r.int(3);
  if (roll === 0) {
    const w = styled(r, words(r, 1));
    return { layout: "one word after a passphrase's label", text: r.pick(ONE_WORD_LAYOUTS)(w[0] as string), words: w };
  }
  if (roll === 1) {
    const ws = styled(r, words(r, 3 + r.int(4), r.chance(0.3)));
    // Written as a list half the time: comma-separated, or a word per line.
    const list = r.pick([" ", " ", ", ", ",", "\n", "、"]);
    const layout =
      list === " "
        ? "words after a passphrase's label"
        : `listed words (${JSON.stringify(list)}) after a passphrase's label`;
    return { layout, text: r.pick(PHRASE_LAYOUTS)(ws.join(list), r), words: ws };
  }
  const ws = words(r, 3 + r.int(4));
  // One word that prose also counts in ("time", "month") may stand among them, not first.
  if (r.chance(0.4)) ws[1 + r.int(ws.length - 1)] = r.pick(TIME_WORDS);
  const s = r.chance(0.25) ? styled(r, ws) : ws;
  return { layout: "a password of words", text: r.pick(PASSWORD_LAYOUTS)(s.join(" ")), words: s };
}

/** The prose customers write after the same labels. */
export function passphraseLookalike(r: Rng): { layout: string; text: string } {
  const device = r.pick(["Ledger", "Trezor", "Keystone", "wallet"]);
  const n = 2 + r.int(30);
  const text = r.pick([
    `my passphrase is not set on the ${device}`,
    `the 25th word is optional, right?`,
    `my password is too long for the app`,
    `Do I need a passphrase? My ${device} asks for the 25th word: what is it?`,
    `passphrase: yes, I set one, but I forgot it`,
    `Passphrase: none, thanks`,
    `passphrase: optional, not set`,
    `BIP39 passphrase: ${r.pick(["enabled", "disabled", "none", "optional", "N/A"])}`,
    `The passphrase is case sensitive.`,
    `my passphrase is wrong again`,
    `I forgot my passphrase, can you help?`,
    `my password is saved in ${r.pick(["chrome", "my password manager", "bitwarden"])}`,
    `password: reset link expired ${n} days ago`,
    `my password is correct but I can't log in`,
    `my password is definitely right`,
    `the password is different from the app one`,
    `Your passphrase is an extra word added to your seed.`,
    `What is the 25th word? Is the passphrase the same as my PIN?`,
    `passphrase protection is on`,
    `My password is the same as before`,
    `Password: ${n} characters minimum`,
    `my passphrase is stored on paper at home`,
    `${device} passphrase setup guide`,
    `my password is being rejected by the app`,
    `password: still waiting for the email`,
    `my password is weak according to the site`,
    `the 13th word is missing from my backup card`,
    `my password is my dog's name`,
    `my password was changed ${n} days ago by someone else`,
  ]);
  return { layout: "prose after a passphrase's or password's label", text };
}
