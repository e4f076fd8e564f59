/**
 * The Chinese support prose the redaction tests must leave alone: the support sentences
 * (test/fixtures/corpus/zh-support-prose.txt) and the customer texts of the triage sets.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const CORPUS = join(__dirname, "../fixtures/corpus");
const lines = (file: string) =>
  readFileSync(join(CORPUS, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"));

/** Every sentence of zh-support-prose.txt. */
export const ZH_PROSE = lines("zh-support-prose.txt");
/** The customer text of every line of the triage sets (both languages). */
export const TRIAGE_TEXTS = readdirSync(CORPUS)
  .filter((f) => f.startsWith("triage-") && f.endsWith(".txt"))
  .flatMap(lines)
  .map((l) => l.split("|").slice(2).join("|").trim());
/** The triage texts with Chinese in them. */
export const TRIAGE_ZH = TRIAGE_TEXTS.filter((l) => /\p{Script=Han}/u.test(l));
