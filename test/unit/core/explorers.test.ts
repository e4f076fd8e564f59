import { describe, expect, it } from "vitest";
import {
  candidateChains,
  DEFAULT_EXPLORERS,
  explorerLinks,
  isExplorerTemplate,
  parseExplorerTemplates,
} from "../../../src/core/explorers";
import { type Env, loadConfig } from "../../../src/env";
import s from "../../fixtures/corpus/samples.json";

const hex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("explorer templates", () => {
  it("accepts https templates with {value} once in the path, query or fragment", () => {
    for (const t of [
      "https://etherscan.io/tx/{value}",
      "https://tronscan.org/#/transaction/{value}",
      "https://explorer.example/search?q={value}&x=1",
      "https://explorer.example:8443/a/{value}",
    ]) {
      expect(isExplorerTemplate(t), t).toBe(true);
    }
  });

  it("refuses other schemes, a value in the host or credentials, no or two placeholders", () => {
    for (const t of [
      "http://etherscan.io/tx/{value}",
      "javascript:alert('{value}')",
      "data:text/html,{value}",
      "//etherscan.io/tx/{value}",
      "https://{value}.example/tx",
      "https://example.com{value}/tx",
      "https://user:{value}@example.com/tx",
      "https://{value}@example.com/tx",
      "https://etherscan.io/tx/",
      "https://etherscan.io/tx/{value}/{value}",
      "https:///{value}",
      `https://e.example/${"a".repeat(600)}{value}`,
      42,
      null,
    ]) {
      expect(isExplorerTemplate(t), String(t)).toBe(false);
    }
  });

  it("keeps the defaults without a setting, and a chain left out keeps its default", () => {
    expect(parseExplorerTemplates(undefined)).toEqual({ templates: DEFAULT_EXPLORERS, problems: [] });
    const { templates, problems } = parseExplorerTemplates(
      JSON.stringify({
        evm: [{ name: "BscScan", tx: "https://bscscan.com/tx/{value}" }, { tx: "https://x.example/t/{value}" }],
      }),
    );
    expect(problems).toEqual([]);
    expect(templates.evm).toEqual([
      { name: "BscScan", tx: "https://bscscan.com/tx/{value}" },
      { name: "x.example", tx: "https://x.example/t/{value}" },
    ]);
    expect(templates.btc).toEqual(DEFAULT_EXPLORERS.btc);
  });

  it("skips what is unusable, names it, and never drops the other chains", () => {
    const { templates, problems } = parseExplorerTemplates(
      JSON.stringify({
        evm: { tx: "http://insecure.example/tx/{value}" },
        btc: null,
        dogecoin: { tx: "https://doge.example/{value}" },
        sol: { name: "Mine", tx: "https://sol.example/tx/{value}", address: "ftp://sol.example/{value}" },
      }),
    );
    expect(templates.evm).toEqual(DEFAULT_EXPLORERS.evm);
    expect(templates.btc).toEqual([]);
    expect(templates.tron).toEqual(DEFAULT_EXPLORERS.tron);
    expect(templates.sol).toEqual([{ name: "Mine", tx: "https://sol.example/tx/{value}" }]);
    expect(problems.join("\n")).toMatch(/evm\[0\]\.tx/);
    expect(problems.join("\n")).toMatch(/dogecoin/);
    expect(problems.join("\n")).toMatch(/sol\[0\]\.address/);
    for (const bad of ["not json", "[1,2]", '"x"', "null"]) {
      const r = parseExplorerTemplates(bad);
      expect(r.templates, bad).toEqual(DEFAULT_EXPLORERS);
      expect(r.problems.length, bad).toBe(1);
    }
  });

  it("loadConfig reads EXPLORER_URLS over the defaults", () => {
    const config = loadConfig({
      EXPLORER_URLS: JSON.stringify({ tron: { name: "T", address: "https://t.example/a/{value}" } }),
    } as unknown as Env);
    expect(config.explorers.tron).toEqual([{ name: "T", address: "https://t.example/a/{value}" }]);
    expect(loadConfig({} as unknown as Env).explorers).toEqual(DEFAULT_EXPLORERS);
  });
});

describe("explorer links", () => {
  it("links each chain's TxID and address with its explorer", () => {
    expect(explorerLinks({ kind: "txid", value: s.ethTx.toLowerCase(), chain: "evm" })).toEqual([
      { chain: "evm", name: "Etherscan", url: `https://etherscan.io/tx/${s.ethTx.toLowerCase()}` },
    ]);
    expect(explorerLinks({ kind: "address", value: s.tron, chain: "tron" })[0]?.url).toBe(
      `https://tronscan.org/#/address/${s.tron}`,
    );
    expect(explorerLinks({ kind: "address", value: s.sol, chain: "sol" })[0]?.url).toBe(
      `https://solscan.io/account/${s.sol}`,
    );
  });

  it("offers Bitcoin and TRON for a bare 64-hex TxID, whatever its random value", () => {
    for (let i = 0; i < 50; i++) {
      const tx = hex(32);
      expect(candidateChains({ kind: "txid", value: tx, chain: null })).toEqual(["btc", "tron"]);
      expect(explorerLinks({ kind: "txid", value: tx, chain: null }).map((l) => l.url)).toEqual([
        `https://mempool.space/tx/${tx}`,
        `https://tronscan.org/#/transaction/${tx}`,
      ]);
    }
  });

  it("gives no link for UIDs, order ids, amounts, or a value with no known chain", () => {
    for (const kind of ["uid", "order_id", "amount"] as const) {
      expect(explorerLinks({ kind, value: "12345678", chain: null })).toEqual([]);
    }
    expect(explorerLinks({ kind: "address", value: "zzz", chain: null })).toEqual([]);
  });

  it("URL-encodes the value, so nothing in it can leave the template's path", () => {
    const hostile = ["../../evil?x=1#y", "a/b c&d=$&", "%2e%2e/", "\u202ertl", "$1$&$`"];
    for (const value of hostile) {
      const [link] = explorerLinks({ kind: "address", value, chain: "evm" });
      const url = new URL(link?.url ?? "");
      expect(url.host).toBe("etherscan.io");
      expect(url.pathname.startsWith("/address/")).toBe(true);
      expect(url.search).toBe("");
      expect(url.hash).toBe("");
      expect(decodeURIComponent(url.pathname.slice("/address/".length))).toBe(value);
    }
  });
});
