/**
 * A password wrapped in brackets ("pw: <D62i3>}") was read as a placeholder like "<password>" and kept
 * (redact-other-secrets, REDACT_SEED=167718416). Random inside its brackets it is a password; a
 * placeholder's words stay. Fresh values every run (`REDACT_SEED` replays).
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const r = rng(SEED);
const WRAPS = [
  ["<", ">"],
  ["[", "]"],
  ["{", "}"],
  ["(", ")"],
] as const;
const LABELS = ["pw:", "password:", "Password =", "pwd:", "my password is", "密码："];

/** 5-12 random letters and digits with both cases and a digit. */
function randomInner(): string {
  const pool = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const n = 5 + r.int(8);
  const chars = [
    r.pick([..."abcdefghjkmnpqrstuvwxyz"]),
    r.pick([..."ABCDEFGHJKLMNPQRSTUVWXYZ"]),
    r.pick([..."23456789"]),
  ];
  while (chars.length < n) chars.push(r.pick([...pool]));
  return chars.sort(() => r.next() - 0.5).join("");
}

describe(`passwords in brackets (seed ${SEED})`, () => {
  it("go when random inside; placeholders stay", () => {
    const misses: string[] = [];
    for (let i = 0; i < 400; i++) {
      const [open, close] = r.pick(WRAPS);
      const inner = randomInner();
      const tail = r.pick(["", "}", ".", " thanks", "\nplease help"]);
      const text = `${r.pick(LABELS)} ${open}${inner}${close}${tail}`;
      const out = redactSecrets(text).text;
      if (out.includes(inner)) misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    for (const placeholder of ["<password>", "<your password>", "<step12>", "(8-32)", "{{pwd}}", "<NEW_PASSWORD>"]) {
      const text = `${r.pick(LABELS.slice(0, 4))} ${placeholder}`;
      const out = redactSecrets(text).text;
      if (!out.includes(placeholder.slice(1, -1)))
        misses.push(`placeholder ${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    expect(misses).toEqual([]);
  });
});
