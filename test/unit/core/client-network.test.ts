/**
 * The key the per-IP limits count a client under (src/core/client-network.ts), over generated addresses: every
 * address of one IPv6 /64, in every spelling, is one key; the next /64 is another; an IPv4 address and its
 * IPv4-mapped spellings are one key; text that is no address stays its own (bounded) key.
 */
import { describe, expect, it } from "vitest";
import { clientNetwork } from "../../../src/core/client-network";
import { addressIn64, ipv4Spellings, neighbourPrefix, randomPrefix64, spellIpv6 } from "../../support/client-addresses";
import { mulberry32, seedFrom } from "../../support/random";

const seed = seedFrom("ATTACK_SEED");
console.info(`client-network seed: ${seed} (replay with ATTACK_SEED=${seed})`);
const r = { next: mulberry32(seed) };

describe("clientNetwork", () => {
  it("counts every address of one IPv6 /64, however spelt, as one client, and the next /64 apart", () => {
    for (let round = 0; round < 200; round++) {
      const prefix = randomPrefix64(r);
      const keys = new Set(Array.from({ length: 12 }, () => clientNetwork(addressIn64(r, prefix))));
      expect(keys.size, `seed ${seed} round ${round}`).toBe(1);
      const key = [...keys][0] as string;
      expect(key).toMatch(/^[0-9a-f:]+::\/64$/);
      expect(clientNetwork(addressIn64(r, neighbourPrefix(prefix)))).not.toBe(key);
      // The same groups spelt twice are the same key.
      const groups = [...prefix, 0, 0, 0, 1];
      expect(clientNetwork(spellIpv6(r, groups))).toBe(clientNetwork(spellIpv6(r, groups)));
    }
  });

  it("counts an IPv4 address and its IPv4-mapped IPv6 spellings as one client", () => {
    for (let round = 0; round < 100; round++) {
      const { address, spellings } = ipv4Spellings(r);
      for (const s of spellings) expect(clientNetwork(s), s).toBe(address);
    }
    expect(clientNetwork(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(clientNetwork("203.0.113.8")).not.toBe(clientNetwork("203.0.113.7"));
  });

  it("keeps anything else as its own key, bounded: never one shared key for all malformed values", () => {
    expect(clientNetwork("unknown")).toBe("unknown");
    expect(clientNetwork("1.2.3.999")).toBe("1.2.3.999");
    expect(clientNetwork("2001:db8::1::2")).toBe("2001:db8::1::2");
    expect(clientNetwork("1:2:3:4:5:6:7:8:9")).toBe("1:2:3:4:5:6:7:8:9");
    expect(clientNetwork("x".repeat(500))).toHaveLength(64);
    expect(clientNetwork("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});
