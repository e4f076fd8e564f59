import { describe, expect, it } from "vitest";
import { isEthereumAddress, isSegwitAddress, toChecksumAddress } from "../../../src/core/chain";
import { classifyToken, entitySearchValues, extractEntities } from "../../../src/core/entities";
import lookalikes from "../../fixtures/corpus/lookalikes.json";
import s from "../../fixtures/corpus/samples.json";

describe("classifyToken", () => {
  it.each([
    [s.btcTxid, "txid", null],
    [s.ethTx, "txid", "evm"],
    [s.solSignature, "txid", "sol"],
    [s.btcLegacy, "address", "btc"],
    [s.btcP2sh, "address", "btc"],
    [s.btcBech32, "address", "btc"],
    [s.btcTaproot, "address", "btc"],
    [s.eth, "address", "evm"],
    [s.tron, "address", "tron"],
    [s.sol, "address", "sol"],
  ])("%s is a %s (%s)", (token, kind, chain) => {
    expect(classifyToken(token)).toMatchObject({ kind, chain });
  });

  it("rejects broken checksums", () => {
    const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === "a" ? "b" : "a") + t.slice(i + 1);
    expect(classifyToken(flip(s.btcLegacy, 10))).toBeNull();
    expect(classifyToken(flip(s.tron, 12))).toBeNull();
    expect(classifyToken(flip(s.btcBech32, 20))).toBeNull();
    // EIP-55: one letter's case changed breaks the checksum; all-lower is a valid unchecksummed address.
    const badCase = s.eth.replace(/[a-f]/, (c) => c.toUpperCase());
    expect(isEthereumAddress(badCase)).toBe(false);
    expect(classifyToken(badCase)).toBeNull();
    expect(classifyToken(s.eth.toLowerCase())).toMatchObject({ kind: "address", value: s.eth.toLowerCase() });
    // A v0 program encoded with bech32m (or v1 with bech32) is invalid (BIP-350).
    expect(isSegwitAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).toBe(true);
    expect(isSegwitAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")).toBe(false);
  });

  it("computes EIP-55 like the spec's examples", () => {
    for (const a of ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"]) {
      expect(toChecksumAddress(a.toLowerCase())).toBe(a);
    }
  });

  it("ignores words, numbers and short base58-looking strings", () => {
    for (const t of ["Withdrawal", "1234567890123456789012345", "abcdefghijkmnopqrstuvwxyzABCDEFGH"]) {
      expect(classifyToken(t)).toBeNull();
    }
  });
});

describe("extractEntities", () => {
  it("pulls TxIDs, addresses, UID, order id and amount from one message, in order", () => {
    const text = `UID: 28193456, order id 20231101ABC99. I withdrew 1,250.5 USDT to ${s.tron}, TxID ${s.btcTxid.toUpperCase()} still pending`;
    expect(extractEntities(text)).toEqual([
      { kind: "uid", value: "28193456", chain: null },
      { kind: "order_id", value: "20231101ABC99", chain: null },
      { kind: "amount", value: "1250.5 USDT", chain: null },
      { kind: "address", value: s.tron, chain: "tron" },
      { kind: "txid", value: s.btcTxid, chain: null },
    ]);
  });

  it("reads Chinese text around the values", () => {
    const text = `提现0.5 BTC到${s.btcBech32}，交易哈希${s.ethTx}，订单号：A1234567，用户ID 12345678`;
    const kinds = extractEntities(text).map((e) => `${e.kind}:${e.value}`);
    expect(kinds).toEqual([
      "amount:0.5 BTC",
      `address:${s.btcBech32}`,
      `txid:${s.ethTx}`,
      "order_id:A1234567",
      "uid:12345678",
    ]);
  });

  it("lists a value once however often it is repeated", () => {
    expect(extractEntities(`${s.eth} and again ${s.eth.toLowerCase()}`)).toHaveLength(1);
  });

  it("finds every TxID and address in the redaction look-alikes", () => {
    const crypto = lookalikes.filter(
      (l) => l.note !== "ordinary text" && !l.note.includes("wordlist") && !l.note.includes("zh without"),
    );
    expect(crypto.length).toBeGreaterThanOrEqual(60);
    for (const l of crypto) expect(extractEntities(l.text).length, l.text).toBeGreaterThanOrEqual(1);
  });

  it("the search values of a TxID in upper case include its stored form", () => {
    expect(entitySearchValues(s.btcTxid.toUpperCase())).toContain(s.btcTxid);
    expect(entitySearchValues("hi")).toEqual([]);
  });

  it("an amount is never read inside a hash ('…2ada5…' is no 2 ADA)", () => {
    for (let i = 0; i < 500; i++) {
      const tx = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
      const found = extractEntities(`I withdrew 250 USDT and 0.5BTC. TxID ${tx}x${tx.slice(0, 10)}ada`);
      expect(
        found.filter((e) => e.kind === "amount").map((e) => e.value),
        tx,
      ).toEqual(["250 USDT", "0.5 BTC"]);
    }
  });
});
