/** Checksummed crypto encodings (base58check, bech32/bech32m, EIP-55) on audited libraries, for redaction and extraction. */

import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { base58, bech32, bech32m, createBase58check } from "@scure/base";

const b58check = createBase58check(sha256);

/** The payload of a base58check string, or null when the checksum (or the alphabet) is wrong. */
export function decodeBase58Check(s: string): Uint8Array | null {
  try {
    return b58check.decode(s);
  } catch {
    return null;
  }
}

/** Plain base58 bytes, or null. */
export function decodeBase58(s: string): Uint8Array | null {
  try {
    return base58.decode(s);
  } catch {
    return null;
  }
}

/** Whether `s` is a segwit address of `hrp` with a valid checksum: bech32 for v0, bech32m for v1+ (BIP-350). */
export function isSegwitAddress(s: string, hrps: readonly string[] = ["bc", "tb"]): boolean {
  const lower = s.toLowerCase();
  if (s !== lower && s !== s.toUpperCase()) return false;
  for (const codec of [bech32, bech32m]) {
    try {
      const { prefix, words } = codec.decode(lower as `${string}1${string}`, 90);
      if (!hrps.includes(prefix) || words.length === 0) continue;
      const version = words[0] as number;
      if (version > 16) continue;
      if ((version === 0) !== (codec === bech32)) continue;
      const program = codec.fromWords(words.slice(1));
      if (program.length < 2 || program.length > 40) continue;
      if (version === 0 && program.length !== 20 && program.length !== 32) continue;
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

const HEX = "0123456789abcdef";

/** The EIP-55 mixed-case form of a 20-byte hex address (with 0x). https://eips.ethereum.org/EIPS/eip-55 */
export function toChecksumAddress(address: string): string {
  const lower = address.toLowerCase().replace(/^0x/, "");
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = "0x";
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += HEX.includes(ch) && ch >= "a" && nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

/** An Ethereum address is valid when all-lower, all-upper (no checksum) or exactly EIP-55 mixed case. */
export function isEthereumAddress(s: string): boolean {
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) return false;
  const body = s.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return true;
  return toChecksumAddress(s) === s;
}
