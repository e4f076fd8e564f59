// The crypto panel in GET /api/staff/tickets/:id: values with chains and explorer links, identifiers,
// linked tickets, CSAT, edit history, incidents, and the kinds of secret removed (never the secret).

import { exports } from "cloudflare:workers";
import { sha256 } from "@noble/hashes/sha2.js";
import { createBase58check } from "@scure/base";
import { describe, expect, it } from "vitest";
import type { CryptoPanel } from "../../../src/core/crypto-panel";
import { SECRET_KINDS } from "../../../src/core/redact";
import { seedFrom } from "../../support/random";
import { leaks, secretCases } from "../../support/secret-generator";
import { editedUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { api, BASE, unique, uniqueIp, webformReply, webformTicket } from "../requests";

const hex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
const digits = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join("");

/** A TRON address with a valid checksum (0x41 and 20 random bytes, base58check). */
function tronAddress(): string {
  const payload = new Uint8Array(21);
  payload[0] = 0x41;
  payload.set(crypto.getRandomValues(new Uint8Array(20)), 1);
  return createBase58check(sha256).encode(payload);
}

interface TicketAnswer {
  ticket: { id: string; number: string; csat: unknown };
  messages: Array<{ id: string; body: string; direction: string; redacted: boolean }>;
  entities: Array<{ kind: string; value: string }>;
  linkedTickets: Array<{ id: string; number: string }>;
  crypto: CryptoPanel;
}

async function panelOf(id: string): Promise<TicketAnswer> {
  const res = await api("GET", `/api/staff/tickets/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as TicketAnswer;
}

describe("the crypto panel", () => {
  it("lists TxIDs and addresses with their chains and https explorer links, and UIDs, order ids and amounts", async () => {
    const ethTx = `0x${hex(32)}`;
    const bareTx = hex(32);
    const tron = tronAddress();
    const evm = `0x${hex(20)}`;
    const uid = `${1 + (Number(digits(1)) % 9)}${digits(7)}`;
    const order = `${digits(8)}${unique("O").toUpperCase()}`;
    const t = await webformTicket({
      description: `UID: ${uid}. Withdrew 1,250.5 USDT to ${tron}, tx ${ethTx}; order id ${order}. 从 ${evm} 充值`,
    });
    await webformReply(t.token, `还有一笔 ${bareTx} 没到账，金额 0.75 BTC`);
    const { crypto: panel, entities } = await panelOf(t.id);

    const byValue = new Map(panel.values.map((v) => [v.value, v]));
    expect(byValue.get(ethTx)).toMatchObject({ kind: "txid", chain: "evm", chains: ["evm"] });
    expect(byValue.get(ethTx)?.links).toEqual([
      { chain: "evm", name: "Etherscan", url: `https://etherscan.io/tx/${ethTx}` },
    ]);
    expect(byValue.get(tron)).toMatchObject({ kind: "address", chain: "tron" });
    expect(byValue.get(tron)?.links[0]?.url).toBe(`https://tronscan.org/#/address/${tron}`);
    expect(byValue.get(evm)?.links[0]?.url).toBe(`https://etherscan.io/address/${evm}`);
    // A bare 64-hex TxID fits Bitcoin and TRON: both explorers are offered.
    expect(byValue.get(bareTx)).toMatchObject({ kind: "txid", chain: null, chains: ["btc", "tron"] });
    expect(byValue.get(bareTx)?.links.map((l) => l.chain)).toEqual(["btc", "tron"]);
    for (const v of panel.values) for (const l of v.links) expect(new URL(l.url).protocol).toBe("https:");

    const ids = panel.identifiers.map((i) => `${i.kind}:${i.value}`);
    expect(ids).toEqual(
      expect.arrayContaining([`uid:${uid}`, `order_id:${order}`, "amount:1250.5 USDT", "amount:0.75 BTC"]),
    );
    // The older `entities` field is still there, with every kind.
    expect(entities.map((e) => e.value)).toEqual(expect.arrayContaining([ethTx, tron, uid, order]));
    expect(panel.redactions).toEqual([]);
    expect(panel.incidents).toEqual([]);
    expect(panel.csat).toBeNull();
  });

  it("links tickets sharing a TxID, with their number and status, and not tickets merely near it", async () => {
    const tx = `0x${hex(32)}`;
    const first = await webformTicket({ description: `withdrawal ${tx} stuck` });
    const second = await webformTicket({ description: `same transfer ${tx.toUpperCase().replace("0X", "0x")}` });
    const unrelated = await webformTicket({ description: `another 0x${hex(32)}` });
    const { crypto: panel, linkedTickets } = await panelOf(second.id);
    expect(panel.linkedTickets).toEqual([
      {
        id: first.id,
        number: first.number,
        status: "new",
        subject: expect.any(String),
        shared: [{ kind: "txid", value: tx }],
      },
    ]);
    expect(linkedTickets).toEqual(panel.linkedTickets);
    expect(panel.linkedTickets.some((l) => l.id === unrelated.id)).toBe(false);
  });

  it("names the kind of every secret removed from the customer's messages, and never the secret", async () => {
    const t = await webformTicket();
    // The seed is in every failure message: REDACT_SEED=<seed> replays the same secrets.
    const seed = seedFrom("REDACT_SEED");
    const cases = secretCases(seed, 6);
    for (const c of cases) await webformReply(t.token, c.text);
    const answer = await panelOf(t.id);
    const json = JSON.stringify(answer);
    for (const c of cases) expect(leaks(c, json), `seed ${seed}, ${c.layout}: ${c.text}`).toBeNull();
    const redacted = answer.messages.filter((m) => m.direction === "in" && m.redacted);
    expect(answer.crypto.redactions.map((r) => r.messageId)).toEqual(redacted.map((m) => m.id));
    const found = new Set(answer.crypto.redactions.flatMap((r) => r.kinds));
    for (const c of cases) {
      // A key can be told apart as a keystore file; both are "a private key" to the customer.
      const expected = c.kind === "private_key" ? ["private_key", "keystore"] : [c.kind];
      expect(
        expected.some((k) => found.has(k as never)),
        `seed ${seed}, ${c.layout} (${c.kind})`,
      ).toBe(true);
    }
    for (const r of answer.crypto.redactions) {
      expect(r.kinds.length).toBeGreaterThan(0);
      for (const k of r.kinds) expect(SECRET_KINDS).toContain(k);
    }
  });

  it("a secret only in the subject still names its kind on the message", async () => {
    const t = await webformTicket({
      subject: "my password: Hunter2-Lemon-Tree-99 please help",
      description: "locked out",
    });
    const { crypto: panel, messages } = await panelOf(t.id);
    expect(JSON.stringify(messages)).not.toContain("Hunter2-Lemon-Tree-99");
    expect(panel.redactions).toHaveLength(1);
    expect(panel.redactions[0]?.kinds).toContain("password");
  });

  it("shows the CSAT given, the incidents the ticket is in, and the edit history", async () => {
    const t = await webformTicket();
    const resolved = await api("PATCH", `/api/staff/tickets/${t.id}`, { json: { status: "resolved", confirm: true } });
    expect(resolved.status).toBe(200);
    const rated = await exports.default.fetch(`${BASE}/t/${t.token}/csat`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": uniqueIp() },
      body: "rating=4",
      redirect: "manual",
    });
    expect(rated.status).toBe(303);
    const title = `ETH withdrawals delayed ${unique()}`;
    const incident = await api("POST", "/api/staff/incidents", { json: { title, ticketIds: [t.id] } });
    expect(incident.status).toBe(201);
    const { crypto: panel } = await panelOf(t.id);
    expect(panel.csat).toMatchObject({ rating: 4, ratedVia: "webpage", requestedAt: expect.any(String) });
    expect(panel.incidents).toEqual([{ id: expect.any(String), title, status: "open", addedAt: expect.any(String) }]);

    // Edits arrive on Telegram: the earlier versions are listed oldest first, a secret in one never shown.
    const chatId = newChatId();
    const token = unique();
    const first = telegramUpdate({ chatId, text: `deposit ${token} missing` });
    await deliverUpdate(first);
    const messageId = (first.message as { message_id: number }).message_id;
    await deliverUpdate(editedUpdate({ chatId, messageId, text: `deposit ${token} missing since Monday` }));
    await deliverUpdate(
      editedUpdate({ chatId, messageId, text: `deposit ${token} missing since Monday, password: Zq9-Vault-Lamp-71` }),
    );
    const { ticket } = await latestTicketOfChat(chatId);
    const edited = await panelOf(ticket.id);
    expect(edited.crypto.edits.map((e) => e.previousBody)).toEqual([
      `deposit ${token} missing`,
      `deposit ${token} missing since Monday`,
    ]);
    expect(edited.crypto.redactions).toHaveLength(1);
    expect(edited.crypto.redactions[0]?.kinds).toEqual(["password"]);
    expect(JSON.stringify(edited)).not.toContain("Zq9-Vault-Lamp-71");
  });

  it("is read in the ticket's own batch: the route costs as many round trips as before", async () => {
    const t = await webformTicket({ description: `tx 0x${hex(32)}` });
    const { instrumentedEnv, runApp, toRequest } = await import("../reliability/harness");
    const { env: e, recording } = instrumentedEnv();
    const res = await runApp(
      toRequest({
        method: "GET",
        path: `/api/staff/tickets/${t.id}`,
        headers: { Authorization: "Bearer test-bootstrap-token" },
      }),
      e,
    );
    expect(res.status).toBe(200);
    // The merge-chain lookup, the ticket's batch (panel included), then the SLA and CSAT fields.
    expect(recording.waves).toBeLessThanOrEqual(3);
  });
});
