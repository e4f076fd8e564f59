/** A seeded generator for the isolation attack tests: the seed is printed, `ATTACK_SEED=<seed>` replays a run. */

export interface AttackRandom {
  seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** One of `items`. */
  pick<T>(items: readonly T[]): T;
  /** `n` lowercase letters and digits. */
  word(n: number): string;
}

/** mulberry32 over `ATTACK_SEED` (or a fresh seed), printed under `name`. */
export function attackRandom(name: string): AttackRandom {
  const seed = Number(process.env.ATTACK_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.info(`${name} seed: ${seed} (replay with ATTACK_SEED=${seed})`);
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const word = (n: number) =>
    Array.from({ length: n }, () => pick([..."abcdefghijklmnopqrstuvwxyz0123456789"])).join("");
  return { seed, next, pick, word };
}
