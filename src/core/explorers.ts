/**
 * Block-explorer links for extracted TxIDs and addresses, from URL templates the desk can set
 * (`EXPLORER_URLS`, parsed once by src/env.ts). Templates are https only and hold `{value}`
 * once, outside the host; the value is URL-encoded into it. Pure: no I/O.
 */
import type { Chain, Entity } from "./entities";

export const CHAINS = ["evm", "btc", "tron", "sol"] as const satisfies readonly Chain[];

/** One explorer for one chain: its name and the templates for a transaction and an address. */
export interface ExplorerTemplate {
  name: string;
  tx?: string;
  address?: string;
}

/** Explorers per chain, in the order their links are shown. */
export type ExplorerTemplates = Record<Chain, ExplorerTemplate[]>;

/** A link the crypto panel shows beside a value. */
export interface ExplorerLink {
  chain: Chain;
  name: string;
  url: string;
}

/** What a desk gets without EXPLORER_URLS: the common public explorer of each chain. */
export const DEFAULT_EXPLORERS: ExplorerTemplates = {
  evm: [{ name: "Etherscan", tx: "https://etherscan.io/tx/{value}", address: "https://etherscan.io/address/{value}" }],
  btc: [
    { name: "mempool.space", tx: "https://mempool.space/tx/{value}", address: "https://mempool.space/address/{value}" },
  ],
  tron: [
    {
      name: "Tronscan",
      tx: "https://tronscan.org/#/transaction/{value}",
      address: "https://tronscan.org/#/address/{value}",
    },
  ],
  sol: [{ name: "Solscan", tx: "https://solscan.io/tx/{value}", address: "https://solscan.io/account/{value}" }],
};

const PLACEHOLDER = "{value}";
const MAX_EXPLORERS_PER_CHAIN = 5;
const MAX_TEMPLATE_CHARS = 500;

/** Whether `t` is a usable template: https, `{value}` exactly once, and never in the host or credentials. */
export function isExplorerTemplate(t: unknown): t is string {
  if (typeof t !== "string" || t.length > MAX_TEMPLATE_CHARS || t.split(PLACEHOLDER).length !== 2) return false;
  try {
    const a = new URL(t.replace(PLACEHOLDER, "aaaa"));
    const b = new URL(t.replace(PLACEHOLDER, "bbbb"));
    return a.protocol === "https:" && a.host === b.host && !a.username && !a.password && a.host !== "";
  } catch {
    return false;
  }
}

/**
 * Parses EXPLORER_URLS: `{ "<chain>": {"name"?, "tx"?, "address"?} | [ ... ] | null }` over the
 * defaults (a chain left out keeps its default; `null` or `[]` shows no link for it). Anything
 * unusable (not JSON, an unknown chain, an http or malformed template) is skipped and named in
 * `problems`, so one bad entry never takes the other chains' links away.
 */
export function parseExplorerTemplates(raw: string | undefined): { templates: ExplorerTemplates; problems: string[] } {
  const templates: ExplorerTemplates = { ...DEFAULT_EXPLORERS };
  const problems: string[] = [];
  if (!raw?.trim()) return { templates, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { templates, problems: ["EXPLORER_URLS is not JSON: the default explorers are used"] };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { templates, problems: ["EXPLORER_URLS must be a JSON object keyed by chain"] };
  }
  for (const [chain, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!(CHAINS as readonly string[]).includes(chain)) {
      problems.push(`EXPLORER_URLS: unknown chain "${chain}" (use ${CHAINS.join(", ")})`);
      continue;
    }
    const list = value === null ? [] : Array.isArray(value) ? value : [value];
    const out: ExplorerTemplate[] = [];
    for (const [i, entry] of list.slice(0, MAX_EXPLORERS_PER_CHAIN).entries()) {
      const e = (entry && typeof entry === "object" ? entry : {}) as Record<string, unknown>;
      const tx = isExplorerTemplate(e.tx) ? e.tx : undefined;
      const address = isExplorerTemplate(e.address) ? e.address : undefined;
      if (e.tx !== undefined && !tx) problems.push(`EXPLORER_URLS.${chain}[${i}].tx is not an https URL with {value}`);
      if (e.address !== undefined && !address) {
        problems.push(`EXPLORER_URLS.${chain}[${i}].address is not an https URL with {value}`);
      }
      if (!tx && !address) continue;
      const name =
        typeof e.name === "string" && e.name.trim()
          ? e.name.trim().slice(0, 40)
          : new URL((tx ?? address ?? "").replace(PLACEHOLDER, "v")).host;
      out.push({ name, ...(tx ? { tx } : {}), ...(address ? { address } : {}) });
    }
    if (list.length && !out.length) {
      problems.push(`EXPLORER_URLS.${chain}: no usable template, the default is kept`);
      continue;
    }
    templates[chain as Chain] = out;
  }
  return { templates, problems };
}

/**
 * The chains a value may be on: its own, or for a bare 64-hex TxID (no 0x) the chains that write
 * TxIDs that way (Bitcoin and TRON), so the agent can try both.
 */
export function candidateChains(e: Pick<Entity, "kind" | "value" | "chain">): Chain[] {
  if (e.chain) return [e.chain];
  if (e.kind === "txid" && /^[0-9a-f]{64}$/i.test(e.value)) return ["btc", "tron"];
  return [];
}

/** The explorer links of a TxID or address (none for other kinds), the value URL-encoded into each template. */
export function explorerLinks(
  e: Pick<Entity, "kind" | "value" | "chain">,
  templates: ExplorerTemplates = DEFAULT_EXPLORERS,
): ExplorerLink[] {
  if (e.kind !== "txid" && e.kind !== "address") return [];
  const links: ExplorerLink[] = [];
  for (const chain of candidateChains(e)) {
    for (const x of templates[chain] ?? []) {
      const template = e.kind === "txid" ? x.tx : x.address;
      const value = encodeURIComponent(e.value);
      if (template) links.push({ chain, name: x.name, url: template.replace(PLACEHOLDER, () => value) });
    }
  }
  return links;
}
