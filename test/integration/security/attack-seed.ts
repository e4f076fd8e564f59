/** The isolation attack tests' generator: the seed is printed, `ATTACK_SEED=<seed>` replays a run. */
import { mulberry32, seedFrom } from "../../support/random";

export interface AttackRandom {
  seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** One of `items`. */
  pick<T>(items: readonly T[]): T;
  /** `n` lowercase letters and digits. */
  word(n: number): string;
}

/** A generator over `ATTACK_SEED` (or a fresh seed), printed under `name`. */
export function attackRandom(name: string): AttackRandom {
  const seed = seedFrom("ATTACK_SEED");
  console.info(`${name} seed: ${seed} (replay with ATTACK_SEED=${seed})`);
  const next = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const word = (n: number) =>
    Array.from({ length: n }, () => pick([..."abcdefghijklmnopqrstuvwxyz0123456789"])).join("");
  return { seed, next, pick, word };
}
