/**
 * Passwords of one or two plain words, fresh every run: `my password is sunflower`, `pwd is Tiger`,
 * `Pass: tiger lamp`, `login: bob / pass - tiger lamp`, API keys read off a screen in groups
 * (`API key: AB3d 9fK2 xQ7m …`), each inside random support prose. And the prose customers write
 * after the same labels ("my password is not accepted", "pass: I'll pass on that"), which must
 * stay exactly as written.
 */

import { B62, chars, type Rng } from "./secret-generator";

export interface WordsCase {
  layout: string;
  text: string;
  /** What must not survive: each a whole word (or a key's letters and digits). */
  secrets: string[];
}

/** Concrete nouns people make passwords of (no state, no adjective). */
const NOUNS = (
  "sunflower tiger lamp ocean window marble garden river pencil candle rocket monkey coffee castle dragon " +
  "forest island jacket kitten ladder mirror oyster parrot pepper planet rabbit saddle tomato turtle wizard " +
  "zebra anchor basket bridge cactus carpet cherry cotton desert dinner doctor engine farmer feather flower " +
  "guitar hammer helmet hockey jungle kettle lemon lizard magnet meadow melon mountain napkin paddle pillow " +
  "pirate potato puzzle quartz radio salmon shadow spider sunset tunnel umbrella valley violin walnut winter " +
  "thunder copper banana piano sugar canyon falcon harbor lantern meteor nectar olive pebble ribbon tractor " +
  "walrus penguin biscuit muffin pumpkin mango panda koala otter badger beaver hamster lobster dolphin"
).split(" ");
const SYLLABLES =
  "ka lo mi nu ra te vo zi bel dor fen gar hul jin kor lum mar nor pel quor ros sul tor vin wex yor zan".split(" ");

/** English words the syllables can spell ("mi nu te"): prose may put them after "is" ("5 minutes"). */
const SPELLED_WORDS = new Set(["minute", "minor", "rate", "vote", "mite", "tenor", "torte", "kate"]);

/** A word no dictionary has: made of syllables ("korvinte"), or a noun. */
function secretWord(r: Rng): string {
  if (r.chance(0.5)) return r.pick(NOUNS);
  for (;;) {
    let w = "";
    const n = 2 + r.int(3);
    for (let i = 0; i < n; i++) w += r.pick(SYLLABLES);
    if (!SPELLED_WORDS.has(w)) return w;
  }
}
const title = (w: string) => (w[0] as string).toUpperCase() + w.slice(1);
function styled(r: Rng, ws: string[]): string[] {
  const style = r.int(5);
  return ws.map((w) => (style === 1 ? title(w) : style === 2 ? w.toUpperCase() : w));
}

/** Random support prose around a message: a greeting before, a request after. */
const BEFORE = [
  "",
  "Hi, ",
  "Hello support,\n",
  "I can't log in to my account. ",
  "Good morning, my withdrawal is stuck since yesterday.\n",
  "hey, ",
  "Dear team, I was locked out after the update. ",
  "I tried to log in 3 times. ",
];
const AFTER = [
  "",
  ".",
  "\nthanks",
  ", can you reset my 2FA?",
  " and I still can't log in",
  " but the app says it is wrong",
  ". Please help, my order 88123 is pending.",
  "\n\nRegards, Bob",
  " please check",
  "!",
  " since this morning",
  " with a capital letter",
  " (all lowercase)",
  " - please help",
  " before I reset it",
];
const frame = (r: Rng, body: string) => `${r.pick(BEFORE)}${body}${r.pick(AFTER)}`;

const IS_LAYOUTS: Array<(p: string) => string> = [
  (p) => `my password is ${p}`,
  (p) => `My password is ${p}`,
  (p) => `the password is ${p}`,
  (p) => `pwd is ${p}`,
  (p) => `my pw is ${p}`,
  (p) => `my old password was ${p}`,
  (p) => `my new password is: ${p}`,
  (p) => `my login password is ${p}`,
  (p) => `the password is just ${p}`,
  (p) => `my password for binance is ${p}`,
  (p) => `Your temporary password is ${p}`,
  (p) => `MY PASSWORD IS ${p.toUpperCase()}`,
  (p) => `my password is **${p}**`,
];
const PASS_LAYOUTS: Array<(p: string) => string> = [
  (p) => `Pass: ${p}`,
  (p) => `pass - ${p}`,
  (p) => `PASS: ${p}`,
  (p) => `pass = ${p}`,
  (p) => `Login: bob@mail.com\nPass: ${p}`,
  (p) => `user: bob77 / pass: ${p}`,
  (p) => `email bob@mail.com, pass - ${p}`,
  (p) => `- pass: ${p}`,
  (p) => `**Pass:** ${p}`,
  (p) => `> Pass: ${p}`,
  (p) => `Password — ${p}`,
  (p) => `password - ${p}`,
  (p) => `P/W: ${p}`,
  (p) => `Email      bob@mail.com\nPassword   ${p}`,
  (p) => `Email\tbob@mail.com\nPassword\t${p}`,
  (p) => `Email .......... bob@mail.com\nPassword ....... ${p}`,
];

/** A password of one or two plain words after "is", or of one to four after "Pass:". */
export function wordPasswordCase(r: Rng): WordsCase {
  if (r.chance(0.1)) {
    const w = styled(r, [secretWord(r)]);
    const text = r.pick([`${w[0]} is my password`, `${w[0]} was my old password.`, `${w[0]} is the pwd`]);
    return { layout: "a plain word before 'is my password'", text: frame(r, text), secrets: w };
  }
  if (r.chance(0.5)) {
    const ws = styled(r, r.chance(0.7) ? [secretWord(r)] : [secretWord(r), secretWord(r)]);
    const layout = r.pick(IS_LAYOUTS);
    return { layout: "plain words after 'password is'", text: frame(r, layout(ws.join(" "))), secrets: ws };
  }
  const ws = styled(
    r,
    Array.from({ length: 1 + r.int(4) }, () => secretWord(r)),
  );
  return { layout: "plain words after 'Pass:'", text: frame(r, r.pick(PASS_LAYOUTS)(ws.join(" "))), secrets: ws };
}

/** What prose says of a password right after "is": the states customers write. */
const STATES = (
  "wrong incorrect invalid expired reset changed correct right fine ok okay weak strong long short saved stored " +
  "required missing lost forgotten blocked locked compromised hacked leaked stolen rejected accepted different " +
  "same new old simple complicated hidden encrypted known unknown temporary broken disabled mine there below " +
  "attached empty blank useless outdated unrecognized misspelled deactivated"
).split(" ");
const TWO_WORDS = [
  "not working",
  "not accepted",
  "not correct",
  "definitely right",
  "totally wrong",
  "still wrong",
  "case sensitive",
  "too long",
  "apparently wrong",
  "now invalid",
  "being rejected",
  "no longer valid",
];

/** The prose after the same labels, which stays as written. */
export function wordPasswordLookalike(r: Rng): { layout: string; text: string } {
  const subject = r.pick(["my password is", "the password is", "My password is", "pwd is", "my password was"]);
  const state = r.chance(0.6) ? r.pick(STATES) : r.pick(TWO_WORDS);
  const text = r.pick([
    () => frame(r, `${subject} ${state}`),
    () => frame(r, `${subject} ${state.toUpperCase()}`),
    () =>
      r.pick([
        "pass: I'll pass on that",
        "Boarding pass: gate 12",
        "Pass: same as the old one",
        "Pass: not needed, I use the app",
        "pass - no idea, I forgot it",
        "Test run 14: pass",
        "pass: yes",
        "PASS: see the attached screenshot",
        "Could you pass this to the security team?",
        "I had to pass: the verification kept failing",
        "my password is not accepted since the update",
        "my password is wrong, but I'm sure I typed it right",
        "the password is case sensitive, right?",
        "my password is reset every time I log in",
        "Password is required for withdrawals",
        "Google is my password manager",
        "what is my password?",
        "This is my password reset request",
        "password - what is it for?",
        "P/W: same as before",
        "Password   reset link never arrived",
        "Here is my password.",
        "I forgot my password\nthanks",
        "my password is ok, thanks",
        "The password is required. Please enter it.",
        "the password is hashed with bcrypt",
        "my password is the name of my dog",
      ]),
  ])();
  return { layout: "prose after a password's label", text };
}

/** An API key or secret of random letters and digits in groups (4 by default, 5, 6 or 8). */
export function groupedKeyCase(r: Rng): WordsCase {
  const size = r.pick([4, 4, 4, 5, 6, 8]);
  const count = Math.max(4, Math.ceil((16 + r.int(28)) / size));
  const groups: string[] = [];
  while (groups.length < count) groups.push(chars(r, B62, size));
  // Make sure there is a digit (key pages print them), as random keys of this length almost always have.
  if (!groups.some((g) => /\d/.test(g))) groups[0] = `${r.int(10)}${(groups[0] as string).slice(1)}`;
  const key = groups.join(r.pick([" ", " ", "-"]));
  const label = r.pick([
    "API key: ",
    "API Secret: ",
    "api key - ",
    "Secret key = ",
    "my API key is ",
    "API key:\n",
    "**API Secret:** ",
    "Access key: ",
    "api secret (read only): ",
  ]);
  return { layout: `a key in groups of ${size}`, text: frame(r, `${label}${key}`), secrets: [groups.join("")] };
}

/** What follows an API key's label in prose, ids and amounts: stays. */
export function groupedKeyLookalike(r: Rng): { layout: string; text: string } {
  const n = () => String(1000 + r.int(9000));
  const text = r.pick([
    `API key: ${n()} ${n()} ${n()} ${n()} is my card? no, my phone`,
    `API key: does not work with the new IP whitelist`,
    "the api key is not the same as the old one",
    `API key - ${n()} requests per minute is the limit`,
    `Secret: this is what the docs call it`,
    `API key: read only, created ${n()} days ago`,
    `Access key: when will the new ones be live`,
    `api key label: trade bot ${n()}`,
  ]);
  return { layout: "prose after an API key's label", text: frame(r, text) };
}
