/**
 * The network a client's address stands for, as the per-IP limits count it. An IPv4 address is one client; an
 * IPv6 client holds a whole /64 (a home line or a phone gets one, often a /56, and picks any address inside it),
 * so counting each IPv6 address apart would let one client send from 2^64 addresses and never be limited. An
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) is that IPv4 address. Spellings of one address (case, leading
 * zeros, `::`) count as one.
 */

/** At most this much of an address that parses as neither family is kept as its key. */
const MAX_RAW_KEY = 64;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The IPv4 address in canonical form, or null. */
function ipv4(text: string): string | null {
  const m = IPV4.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts.join(".") : null;
}

/** The eight 16-bit groups of an IPv6 address (an IPv4 tail read as its last two), or null. */
function ipv6Groups(text: string): number[] | null {
  let s = text.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".", lastColon)) {
    const v4 = ipv4(s.slice(lastColon + 1));
    if (!v4) return null;
    const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number];
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (!head || !rest) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  // "::" stands for at least one group of zeros.
  const zeros = 8 - head.length - rest.length;
  return zeros >= 1 ? [...head, ...Array<number>(zeros).fill(0), ...rest] : null;
}

/** The key a per-IP limit counts `address` under: the IPv4 address, an IPv6 address's /64, or the text itself. */
export function clientNetwork(address: string): string {
  const text = address.trim();
  const v4 = ipv4(text);
  if (v4) return v4;
  if (text.includes(":")) {
    const groups = ipv6Groups(text);
    if (groups) {
      // ::ffff:a.b.c.d is an IPv4 client.
      if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
        const [hi = 0, lo = 0] = groups.slice(6);
        return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
      }
      return `${groups
        .slice(0, 4)
        .map((g) => g.toString(16))
        .join(":")}::/64`;
    }
  }
  return text.toLowerCase().slice(0, MAX_RAW_KEY);
}
