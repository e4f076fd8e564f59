/**
 * The staff crypto panel of a ticket (`crypto` in `GET /api/staff/tickets/:id`): what was
 * extracted from the customer's messages with explorer links, the tickets sharing a TxID or
 * address, the CSAT given, the edit history, incidents, and what kind of secret redaction
 * removed (never the secret). Types shared with the browser renderer, and the pure shaping.
 */
import type { Chain, EntityKind } from "./entities";
import { candidateChains, type ExplorerLink, type ExplorerTemplates, explorerLinks } from "./explorers";
import type { SecretKind } from "./redact";
import type { TicketStatus } from "./ticket";

/** A TxID or an address, with the chains it may be on and a link per explorer. */
export interface PanelChainValue {
  kind: "txid" | "address";
  value: string;
  /** The chain its shape proves (checksum, prefix), or null when several fit (a bare 64-hex TxID). */
  chain: Chain | null;
  /** The chains its links are for: `[chain]`, or the candidates when `chain` is null. */
  chains: Chain[];
  links: ExplorerLink[];
  messageId: string;
  foundAt: string;
}

/** A UID, an order id or an amount (`"1250.5 USDT"`) the customer wrote. */
export interface PanelIdentifier {
  kind: "uid" | "order_id" | "amount";
  value: string;
  messageId: string;
  foundAt: string;
}

/** Another ticket holding one of this ticket's TxIDs or addresses. */
export interface LinkedTicket {
  id: string;
  number: string;
  status: TicketStatus;
  subject: string;
  /** The entities it shares with this ticket. */
  shared: Array<{ kind: EntityKind; value: string }>;
}

export interface PanelCsat {
  requestedAt: string;
  /** 1..5, null while unanswered. */
  rating: number | null;
  ratedAt: string | null;
  ratedVia: string | null;
}

/** One earlier version of an edited customer message (stored redacted, like the message). */
export interface PanelEdit {
  messageId: string;
  previousBody: string;
  editedAt: string;
}

export interface PanelIncident {
  id: string;
  title: string;
  status: "open" | "resolved";
  addedAt: string;
}

/** A message redaction changed, and the kinds of secret it removed (names only). */
export interface PanelRedaction {
  messageId: string;
  createdAt: string;
  kinds: SecretKind[];
}

export interface CryptoPanel {
  values: PanelChainValue[];
  identifiers: PanelIdentifier[];
  linkedTickets: LinkedTicket[];
  csat: PanelCsat | null;
  edits: PanelEdit[];
  incidents: PanelIncident[];
  redactions: PanelRedaction[];
}

/** An extracted entity as stored (src/store/triage.ts). */
export interface StoredEntity {
  kind: EntityKind;
  value: string;
  chain: string | null;
  messageId: string;
  createdAt: string;
}

const CHAIN_IDS: readonly string[] = ["evm", "btc", "tron", "sol"];

/** Splits stored entities into chain values (with links) and identifiers, in the order they were found. */
export function panelEntities(
  entities: readonly StoredEntity[],
  explorers: ExplorerTemplates,
): { values: PanelChainValue[]; identifiers: PanelIdentifier[] } {
  const values: PanelChainValue[] = [];
  const identifiers: PanelIdentifier[] = [];
  for (const e of entities) {
    if (e.kind === "txid" || e.kind === "address") {
      const chain = e.chain && CHAIN_IDS.includes(e.chain) ? (e.chain as Chain) : null;
      const v = { kind: e.kind, value: e.value, chain };
      values.push({
        ...v,
        chains: candidateChains(v),
        links: explorerLinks(v, explorers),
        messageId: e.messageId,
        foundAt: e.createdAt,
      });
    } else identifiers.push({ kind: e.kind, value: e.value, messageId: e.messageId, foundAt: e.createdAt });
  }
  return { values, identifiers };
}
