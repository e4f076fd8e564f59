// The crypto panel's renderer (src/staff/ui/client/crypto-panel.ts) in real Chromium, with no server: bundled by
// esbuild as the client build does, fed panel data with hostile values, and the DOM it builds read back.
import { resolve } from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CryptoPanel } from "../../src/core/crypto-panel";
import { haveChromium, launchChromium } from "./staff-harness";

const ROOT = resolve(import.meta.dirname, "../..");

const hex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
const marker = () => crypto.randomUUID().slice(0, 8);

/** Panel data as the API shapes it, with customer text that tries to become markup. */
function hostilePanel(): { data: CryptoPanel; probes: string[] } {
  const tx = hex(32);
  const evmTx = `0x${hex(32)}`;
  const m = marker();
  const probes = [
    `<img src=x onerror="window.__pwned=1">${m}`,
    `<script>window.__pwned=2</script>${m}`,
    `"><a href="javascript:window.__pwned=3">${m}</a>`,
    `<b onclick=alert(1)>${m}</b> 订单`,
  ];
  const data: CryptoPanel = {
    values: [
      {
        kind: "txid",
        value: evmTx,
        chain: "evm",
        chains: ["evm"],
        links: [
          { chain: "evm", name: "Etherscan", url: `https://etherscan.io/tx/${evmTx}` },
          // Never rendered: only https leaves the panel, whatever the data says.
          { chain: "evm", name: "Evil", url: "javascript:window.__pwned=4" },
          { chain: "evm", name: "Plain", url: "http://insecure.example/tx" },
        ],
        messageId: "msg_a",
        foundAt: new Date().toISOString(),
      },
      {
        kind: "txid",
        value: tx,
        chain: null,
        chains: ["btc", "tron"],
        links: [
          { chain: "btc", name: "mempool.space", url: `https://mempool.space/tx/${tx}` },
          { chain: "tron", name: "Tronscan", url: `https://tronscan.org/#/transaction/${tx}` },
        ],
        messageId: "msg_a",
        foundAt: new Date().toISOString(),
      },
    ],
    identifiers: [
      { kind: "uid", value: "28193456", messageId: "msg_a", foundAt: new Date().toISOString() },
      { kind: "order_id", value: probes[3] as string, messageId: "msg_a", foundAt: new Date().toISOString() },
      { kind: "amount", value: "1250.5 USDT", messageId: "msg_a", foundAt: new Date().toISOString() },
    ],
    linkedTickets: [
      { id: "tkt_other", number: "RD-1042", status: "pending", subject: probes[0] as string, shared: [] },
    ],
    csat: { requestedAt: new Date().toISOString(), rating: 4, ratedAt: new Date().toISOString(), ratedVia: "webpage" },
    edits: [{ messageId: "msg_a", previousBody: probes[1] as string, editedAt: new Date().toISOString() }],
    incidents: [{ id: "inc_1", title: probes[2] as string, status: "open", addedAt: new Date().toISOString() }],
    redactions: [
      { messageId: "msg_b", createdAt: new Date().toISOString(), kinds: ["seed_phrase", "password", "2fa_code"] },
    ],
  };
  return { data, probes };
}

interface Rendered {
  text: string;
  html: string;
  badges: string[];
  unsure: number;
  links: Array<{ href: string; target: string; rel: string; text: string }>;
  copies: string[];
  tickets: string[];
  sections: string[];
  scripts: number;
  images: number;
  pwned: unknown;
}

const READ = `(() => {
  const root = document.getElementById("out");
  return {
    text: root.textContent,
    html: root.innerHTML,
    badges: [...root.querySelectorAll(".chain-badge")].map((e) => e.textContent),
    unsure: root.querySelectorAll(".chain-unsure").length,
    links: [...root.querySelectorAll("a")].map((a) => ({ href: a.getAttribute("href"), target: a.target, rel: a.rel, text: a.textContent })),
    copies: [...root.querySelectorAll("button.copy")].map((b) => b.dataset.copy),
    tickets: [...root.querySelectorAll("[data-ticket-id]")].map((b) => b.dataset.ticketId),
    sections: [...root.querySelectorAll("h5")].map((h) => h.textContent),
    scripts: root.querySelectorAll("script").length,
    images: root.querySelectorAll("img").length,
    pwned: window.__pwned,
  };
})()`;

describe.skipIf(!haveChromium)("the crypto panel in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const bundled = await build({
      stdin: {
        contents: `export { cryptoPanel, panelSections } from "./src/staff/ui/client/crypto-panel";
          export { cryptoTexts } from "./src/staff/ui/i18n-crypto";
          export { inboxTexts } from "./src/staff/ui/i18n";`,
        resolveDir: ROOT,
        loader: "ts",
      },
      bundle: true,
      format: "iife",
      globalName: "CP",
      target: ["es2022"],
      write: false,
      logLevel: "silent",
    });
    browser = await launchChromium([]);
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: "https://panel.test" });
    page = await context.newPage();
    await page.route("https://panel.test/", (route) =>
      route.fulfill({ contentType: "text/html", body: '<!doctype html><meta charset="utf-8"><div id="out"></div>' }),
    );
    await page.goto("https://panel.test/");
    await page.addScriptTag({ content: bundled.outputFiles[0]?.text ?? "" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function render(data: CryptoPanel, lang: "en" | "zh"): Promise<Rendered> {
    await page.evaluate(
      `(() => {
        const out = document.getElementById("out");
        out.replaceChildren();
        const texts = { crypto: CP.cryptoTexts(${JSON.stringify(lang)}), statuses: CP.inboxTexts(${JSON.stringify(lang)}).statuses };
        out.appendChild(CP.cryptoPanel(${JSON.stringify(data)}, texts));
      })()`,
    );
    return (await page.evaluate(READ)) as Rendered;
  }

  it("shows every part as text: customer text never becomes markup, and only https links with noopener", async () => {
    const { data, probes } = hostilePanel();
    const r = await render(data, "en");
    for (const p of probes) expect(r.text).toContain(p);
    expect(r.scripts).toBe(0);
    expect(r.images).toBe(0);
    expect(r.pwned).toBeUndefined();
    expect(r.html).not.toMatch(/<(img|script|b)\b/);
    expect(r.links.map((l) => l.href)).toEqual([
      data.values[0]?.links[0]?.url,
      data.values[1]?.links[0]?.url,
      data.values[1]?.links[1]?.url,
    ]);
    for (const l of r.links) {
      expect(l.target).toBe("_blank");
      expect(l.rel).toBe("noopener noreferrer");
    }
    expect(r.links[0]?.text).toBe("Open in Etherscan");
    expect(r.links[1]?.text).toBe("Open in mempool.space (Bitcoin)");
    expect(r.badges).toEqual(["EVM (Ethereum, BNB Chain…)", "Bitcoin", "TRON"]);
    expect(r.unsure).toBe(1);
    expect(r.copies).toEqual([...data.values.map((v) => v.value), ...data.identifiers.map((i) => i.value)]);
    expect(r.tickets).toEqual(["tkt_other"]);
    expect(r.text).toContain("RD-1042 · Pending");
    expect(r.text).toContain("4 of 5");
    expect(r.text).toContain("seed phrase, password, 2FA code");
    expect(r.sections).toEqual([
      "Transactions and addresses",
      "IDs and amounts",
      "Tickets with the same TxID or address",
      "Customer rating",
      "Edit history",
      "Incidents",
      "Secrets removed",
    ]);
  });

  it("speaks Chinese, and says when there is nothing to show", async () => {
    const { data } = hostilePanel();
    const zh = await render(data, "zh");
    expect(zh.sections[0]).toBe("交易与地址");
    expect(zh.text).toContain("助记词, 密码, 2FA 验证码");
    expect(zh.text).toContain("链不确定");
    expect(zh.links[0]?.text).toBe("在 Etherscan 中查看");
    const empty = await render(
      { values: [], identifiers: [], linkedTickets: [], csat: null, edits: [], incidents: [], redactions: [] },
      "en",
    );
    expect(empty.sections).toEqual([]);
    expect(empty.text).toContain("No TxID, address, UID, order id or amount in this conversation yet.");
  });

  it("a copy button puts its value on the clipboard", async () => {
    const { data } = hostilePanel();
    await render(data, "en");
    await page.click("button.copy >> nth=0");
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(data.values[0]?.value);
    expect(await page.textContent("button.copy >> nth=0")).toBe("Copied");
  });
});
