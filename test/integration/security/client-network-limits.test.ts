/**
 * The per-IP limits of the customer routes against a client that changes what its address looks like, fresh each
 * run (ATTACK_SEED replays): an IPv6 client sends from any address of its /64 (one home line or phone holds 2^64 of
 * them), spelt any way IPv6 allows; an IPv4 client sends bare and IPv4-mapped; every request carries its own
 * X-Forwarded-For, X-Real-IP, True-Client-IP and Forwarded. The web form (and the `/t/` reply behind the same
 * gate) still refuses the 11th request of a minute, the live chat the 21st new session; another /64 is not slowed.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addressIn64, ipv4Spellings, neighbourPrefix, randomPrefix64 } from "../../support/client-addresses";
import { BASE, formPayload, postJson } from "../channels/webform/builders";
import { count } from "../support";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("client-network-limits");

/** Headers a client may add to look like someone else (Cloudflare sets CF-Connecting-IP itself). */
function spoofed(): Record<string, string> {
  const octet = () => Math.floor(rnd.next() * 256);
  const ip = () => `${1 + Math.floor(rnd.next() * 222)}.${octet()}.${octet()}.${octet()}`;
  const all: Record<string, string> = {
    "X-Forwarded-For": `${ip()}, ${ip()}`,
    "X-Real-IP": ip(),
    "True-Client-IP": ip(),
    Forwarded: `for=${ip()};proto=https`,
  };
  return Object.fromEntries(Object.entries(all).filter(() => rnd.next() < 0.75));
}

/** The form's gate answers before validation: an invalid body is refused (400) without a write, or limited (429). */
async function formStatuses(addresses: string[]): Promise<number[]> {
  const body = formPayload({ email: "not-an-address" });
  const out: number[] = [];
  for (const ip of addresses) out.push((await postJson("/api/tickets", body, { ip, headers: spoofed() })).status);
  return out;
}

describe("per-IP limits against a client that changes its address", { timeout: 60_000 }, () => {
  it("the web form counts every address of one IPv6 /64, however spelt, as one client", async () => {
    const prefix = randomPrefix64(rnd);
    const addresses = Array.from({ length: 11 }, () => addressIn64(rnd, prefix));
    const statuses = await formStatuses(addresses);
    expect(statuses.slice(0, 10), `addresses ${addresses.join(" ")}`).toEqual(Array(10).fill(400));
    expect(statuses[10], `addresses ${addresses.join(" ")}`).toBe(429);
    // The `/t/` reply goes through the same gate: limited too, before anything is read.
    const reply = await postJson(
      "/t/abcdefghijklmnopqrstuvwxyz012345/replies",
      { body: "hi" },
      {
        ip: addressIn64(rnd, prefix),
      },
    );
    expect(reply.status).toBe(429);
    // Another /64 (a neighbour's line) is not slowed by it.
    expect((await formStatuses([addressIn64(rnd, neighbourPrefix(prefix))]))[0]).toBe(400);
  });

  it("the web form counts an IPv4 address and its IPv4-mapped spellings as one client", async () => {
    const { address, spellings } = ipv4Spellings(rnd);
    const addresses = Array.from({ length: 11 }, () => rnd.pick(spellings));
    const statuses = await formStatuses(addresses);
    expect(statuses.slice(0, 10), `${address}: ${addresses.join(" ")}`).toEqual(Array(10).fill(400));
    expect(statuses[10], `${address}: ${addresses.join(" ")}`).toBe(429);
  });

  it("the live chat's new sessions are counted per /64 too; nothing is stored for the refused one", async () => {
    const prefix = randomPrefix64(rnd);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await exports.default.fetch(`${BASE}/api/chat/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": addressIn64(rnd, prefix), ...spoofed() },
        body: "{}",
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(20).fill(201));
    const before = await count("SELECT COUNT(*) AS n FROM chat_sessions");
    const res = await exports.default.fetch(`${BASE}/api/chat/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": addressIn64(rnd, prefix), ...spoofed() },
      body: "{}",
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(await count("SELECT COUNT(*) AS n FROM chat_sessions")).toBe(before);
  });
});
