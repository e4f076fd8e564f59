/** The tests' one seeded generator (mulberry32): a generated test prints its seed, and the seed replays the run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed in `process.env[name]` when set (a replay), else a fresh one. */
export function seedFrom(name: string): number {
  return Number(process.env[name]) || Math.floor(Math.random() * 2 ** 31);
}
