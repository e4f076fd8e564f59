/** Entity extraction: TxIDs, addresses (checksum-checked), exchange UID, order id, amount and asset. */
import { decodeBase58, decodeBase58Check, isEthereumAddress, isSegwitAddress } from "./chain";

export const ENTITY_KINDS = ["txid", "address", "uid", "order_id", "amount"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** `evm` (Ethereum and its kin), `btc`, `tron`, `sol`; null when the shape fits several (a bare 64-hex TxID). */
export type Chain = "evm" | "btc" | "tron" | "sol";

export interface Entity {
  kind: EntityKind;
  /** Normalized: hex and bech32 lowercased (so equal values link), base58 as written. */
  value: string;
  chain: Chain | null;
}

const CANDIDATE = /(?<![0-9A-Za-z])(?:0x)?[0-9A-Za-z]{25,120}(?![0-9A-Za-z])/g;
const UID =
  /(?<![A-Za-z0-9])(?:UID|user\s*id|用户\s*ID|用户编号|账户\s*ID)\s*(?:(?:号|是|为|is\b|was\b|[:：#=])\s*)?(\d{5,12})(?!\d)/gi;
const ORDER =
  /(?:(?<![A-Za-z])order\s*(?:id|no\.?|number|#)|订单号|订单编号|委托单号|订单ID|订单\s*ID)\s*(?:(?:是|为|is\b|[:：#=])\s*)?([A-Za-z0-9][A-Za-z0-9-]{5,39})(?![A-Za-z0-9-])/gi;
const ASSETS =
  "BTC|ETH|USDT|USDC|BNB|SOL|TRX|XRP|DOGE|ADA|TON|LTC|DOT|MATIC|POL|AVAX|SHIB|DAI|FDUSD|ARB|OP|LINK|BCH|ETC|FIL|ATOM|NEAR|APT|SUI|PEPE";
// Never starting right after "digit,": inside "1,000,000,…" every group would rescan the rest of the chain. Never
// the number of a token standard ("TRC-20 USDT", "ERC 20 USDT" name a network, not an amount).
const AMOUNT = new RegExp(
  `(?<![\\dA-Za-z.])(?<!\\d,)(?<![A-Za-z]-)(?<!(?:ERC|TRC|BEP|BRC|SPL)\\s)(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\s*(${ASSETS})(?![A-Za-z0-9])`,
  "gi",
);

/** What a single token is, if anything: a TxID or an address with a valid checksum. */
export function classifyToken(token: string): Entity | null {
  if (/^0x[0-9a-fA-F]{64}$/.test(token)) return { kind: "txid", value: token.toLowerCase(), chain: "evm" };
  if (/^[0-9a-fA-F]{64}$/.test(token)) return { kind: "txid", value: token.toLowerCase(), chain: null };
  if (/^0x[0-9a-fA-F]{40}$/.test(token)) {
    return isEthereumAddress(token) ? { kind: "address", value: token.toLowerCase(), chain: "evm" } : null;
  }
  if (/^(?:bc1|tb1)[02-9ac-hj-np-z]{8,87}$/i.test(token)) {
    return isSegwitAddress(token) ? { kind: "address", value: token.toLowerCase(), chain: "btc" } : null;
  }
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(token)) return null;
  if (token.length >= 25 && token.length <= 35) {
    const p = decodeBase58Check(token);
    if (p?.length === 21) {
      if (p[0] === 0x00 || p[0] === 0x05) return { kind: "address", value: token, chain: "btc" };
      if (p[0] === 0x41) return { kind: "address", value: token, chain: "tron" };
    }
  }
  // Solana: plain base58 without a checksum, so also ask for the mix of a random string.
  if (!/\d/.test(token) || !/[a-z]/.test(token) || !/[A-Z]/.test(token)) return null;
  const bytes = token.length >= 32 ? decodeBase58(token) : null;
  if (bytes?.length === 32 && token.length <= 44) return { kind: "address", value: token, chain: "sol" };
  if (bytes?.length === 64 && token.length >= 80) return { kind: "txid", value: token, chain: "sol" };
  return null;
}

/** Every entity in `text` (already redacted), each (kind, value) once, in order of appearance. */
export function extractEntities(text: string): Entity[] {
  const found: Array<Entity & { at: number }> = [];
  // Where a TxID, address, UID or order id was read: no amount is read inside one ("order id 3726106ADA").
  const taken: Array<[number, number]> = [];
  const valueSpan = (m: RegExpMatchArray, v: string): [number, number] => {
    const end = (m.index ?? 0) + m[0].length;
    return [end - v.length, end];
  };
  for (const m of text.matchAll(CANDIDATE)) {
    const e = classifyToken(m[0]);
    if (e) {
      found.push({ ...e, at: m.index ?? 0 });
      taken.push(valueSpan(m, m[0]));
    }
  }
  for (const m of text.matchAll(UID)) {
    found.push({ kind: "uid", value: m[1] as string, chain: null, at: m.index ?? 0 });
    taken.push(valueSpan(m, m[1] as string));
  }
  for (const m of text.matchAll(ORDER)) {
    const v = m[1] as string;
    // "order id is 0x…" or a TxID after "order": the token rule already has it.
    if (/\d/.test(v) && !found.some((f) => f.value === v.toLowerCase())) {
      found.push({ kind: "order_id", value: v, chain: null, at: m.index ?? 0 });
      taken.push(valueSpan(m, v));
    }
  }
  for (const m of text.matchAll(AMOUNT)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (taken.some(([a, b]) => start < b && a < end)) continue;
    const n = `${(m[1] as string).replace(/,/g, "")}${m[2] ?? ""}`;
    found.push({ kind: "amount", value: `${n} ${(m[3] as string).toUpperCase()}`, chain: null, at: start });
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: Entity[] = [];
  for (const { at: _at, ...e } of found) {
    const key = `${e.kind}:${e.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** The stored values a staff search term could equal (hex and bech32 are stored lowercased). */
export function entitySearchValues(q: string): string[] {
  const t = q.trim();
  if (t.length < 5 || /\s/.test(t)) return [];
  const e = classifyToken(t);
  return [...new Set([t, t.toLowerCase(), ...(e ? [e.value] : [])])];
}
