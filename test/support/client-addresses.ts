/**
 * Client addresses as a hostile client can spell them, for the per-IP limit tests: addresses inside one IPv6
 * /64 (any interface id) in any of the spellings IPv6 allows (case, leading zeros, `::` anywhere a run of zeros
 * stands), and an IPv4 address bare or IPv4-mapped.
 */

/** What a spelling generator draws from (test/support/random.ts or the attack seed's). */
export interface Draw {
  next(): number;
}

const int = (r: Draw, n: number) => Math.floor(r.next() * n);

/** A random /64 prefix inside the documentation range 2001:db8::/32: its four groups. */
export function randomPrefix64(r: Draw): number[] {
  return [0x2001, 0xdb8, int(r, 0x10000), int(r, 0x10000)];
}

/** The next /64 after `prefix` (another client). */
export function neighbourPrefix(prefix: number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = prefix;
  return d === 0xffff ? [a, b, (c + 1) & 0xffff, 0] : [a, b, c, d + 1];
}

/** One of the spellings of the eight groups `g`. */
export function spellIpv6(r: Draw, g: number[]): string {
  const hex = g.map((x) => {
    const h = x.toString(16);
    const padded = r.next() < 0.3 ? h.padStart(4, "0") : h;
    return r.next() < 0.4 ? padded.toUpperCase() : padded;
  });
  // The runs of zero groups that "::" may stand for: pick one (or none).
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < 8; i++) {
    if (g[i] !== 0) continue;
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    runs.push([i, j]);
    i = j;
  }
  const run = runs.length && r.next() < 0.8 ? runs[int(r, runs.length)] : undefined;
  if (!run) return hex.join(":");
  const [from, to] = run;
  // "::" may stand for any part of the run (at least one group).
  const start = from + int(r, to - from);
  const end = start + 1 + int(r, to - start);
  return `${hex.slice(0, start).join(":")}::${hex.slice(end).join(":")}`;
}

/** An address inside the /64 `prefix`, spelt at random. */
export function addressIn64(r: Draw, prefix: number[]): string {
  const iid = Array.from({ length: 4 }, () => (r.next() < 0.25 ? 0 : int(r, 0x10000)));
  return spellIpv6(r, [...prefix, ...iid]);
}

/** An IPv4 address (inside 100.64.0.0/10, shared address space no other test draws from) and its IPv4-mapped spellings. */
export function ipv4Spellings(r: Draw): { address: string; spellings: string[] } {
  const parts = [100, 64 + int(r, 64), int(r, 256), 1 + int(r, 254)];
  const address = parts.join(".");
  const [a = 0, b = 0, c = 0, d = 0] = parts;
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  return {
    address,
    spellings: [address, `::ffff:${address}`, `::FFFF:${address}`, `0:0:0:0:0:ffff:${address}`, `::ffff:${hi}:${lo}`],
  };
}
