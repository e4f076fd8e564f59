// What a new support team noticed first in the staff inbox, checked in real Chromium against wrangler dev: text one
// cannot read (white on white fields, a page without its stylesheet), a views bar that hides views at 1280 px, phone
// controls that eat the screen, a customer panel that goes stale, a bot's text as the list snippet, search that
// cannot find a customer, a reply box that fails on a closed ticket, and English answers to Chinese with a TxID.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../fakes/telegram-bot-api";
import {
  type Agent,
  adminApi,
  closeAll,
  collectPageErrors,
  createAgent as createStaff,
  haveChromium,
  launchChromium,
  requireChromiumInCi,
  signInThroughForm,
  telegramCustomer,
} from "./staff-harness";
import { eventually, printOutputOnFailure, type RunningWorker, startTelegramWorker } from "./wrangler";

requireChromiumInCi();

/** Screenshots land here (STAFF_SHOTS_DIR overrides, e.g. to keep them out of the repository). */
const SHOTS = process.env.STAFF_SHOTS_DIR ?? resolve(import.meta.dirname, "../artifacts");
const TOKEN = "555000333:E2E-fit-telegram-token";
const SECRET = "e2e-staff-fit-webhook-secret";
const STEP_MS = 5_000;

// Page-side callbacks run in Chromium; the project compiles without the DOM lib, so the little they touch is described.
interface PageElement {
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & ArrayLike<PageElement>;
  getElementById(id: string): PageElement | null;
};

let fake: FakeTelegram;
let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

// Browser-side checks, as source text: this project compiles without the DOM library.

/** WCAG contrast of each visible field's text against the background it is painted on. */
const FIELD_CONTRAST = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .map((el) => {
      const a = lum(rgb(getComputedStyle(el).color));
      const b = lum(background(el));
      return { id: el.id || el.name || el.tagName, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
})()`;

/** Whether the views bar and each filter show all they hold: no scrolling row, no cut-off label. */
const VIEWS_FIT = `(() => {
  const nav = document.getElementById("rd-views");
  const box = nav.getBoundingClientRect();
  const hidden = [...nav.querySelectorAll("button")]
    .filter((b) => { const r = b.getBoundingClientRect(); return r.right > box.right + 0.5 || r.left < box.left - 0.5; })
    .map((b) => b.textContent);
  const ctx = document.createElement("canvas").getContext("2d");
  const cut = [...document.querySelectorAll(".filters select")].filter((s) => {
    const cs = getComputedStyle(s);
    ctx.font = cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
    const need = ctx.measureText(s.selectedOptions[0].text).width + parseFloat(cs.paddingLeft) + 16;
    return need > s.clientWidth;
  }).map((s) => s.selectedOptions[0].text);
  return { overflow: nav.scrollWidth - nav.clientWidth, hidden, cut, page: document.documentElement.scrollWidth - innerWidth };
})()`;

/** The body's font and whether each inline stylesheet arrived as CSS (not HTML-escaped text). */
const PAGE_FONT = `(() => ({
  font: getComputedStyle(document.body).fontFamily,
  escaped: [...document.querySelectorAll("style")].filter((s) => /&(quot|#39|gt|lt|amp);/.test(s.textContent)).length,
  rules: [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0),
}))()`;

const admin = (path: string, init: RequestInit = {}) => adminApi(worker, path, init);
const createAgent = (name: string) => createStaff(worker, name);
/** A private-chat Telegram message from a client whose language is `lang`. */
const customerWrites = telegramCustomer(() => worker, SECRET, 700_000);

async function ticketOfChat(chatId: number): Promise<{ id: string; number: string }> {
  return eventually(async () => {
    const res = await admin("/tickets?channel=telegram&limit=100");
    const body = (await res.json()) as {
      tickets: Array<{ id: string; number: string; contact: { identities: Array<{ externalId: string }> } }>;
    };
    return body.tickets.find((t) => t.contact.identities.some((i) => i.externalId === String(chatId)));
  }, `the ticket of chat ${chatId}`);
}

async function newContext(width = 1280, opts: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width, height: width <= 400 ? 844 : 800 },
    locale: "en-US",
    ...(width <= 400 ? { isMobile: true, hasTouch: true } : {}),
    ...opts,
  });
  contexts.push(context);
  return context;
}

async function signIn(context: BrowserContext, agent: Agent, shotName?: string): Promise<Page> {
  const page = await context.newPage();
  collectPageErrors(page, pageErrors, agent.name);
  await signInThroughForm(page, worker, agent.token, {
    beforeSubmit: shotName ? (p) => shot(p, shotName) : undefined,
  });
  await page.locator("#rd-live[data-state=live]").waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: resolve(SHOTS, `${name}.png`) });
const row = (page: Page, id: string) => page.locator(`#rd-tickets li[data-id="${id}"]`);

describe.runIf(haveChromium)("staff inbox: what a new team noticed first", () => {
  let li: Agent;
  const chat = 8_300_000_000 + Math.floor(Math.random() * 1e6);
  const marker = crypto.randomUUID().slice(0, 8);
  const name = `Wenhao${marker}`;
  let ticket: { id: string; number: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ fake, worker } = await startTelegramWorker({ token: TOKEN, secret: SECRET }));
    browser = await launchChromium();
    li = await createAgent("Li");
    // A Chinese customer on an English Telegram client pastes a TxID; and a few other customers.
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
    const txid = `0x${pick("0123456789abcdef", 64)}`;
    const address = `T${pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 33)}`;
    await customerWrites(chat, name, `提现没到账 TxID ${txid} 地址 ${address} 请查`);
    for (const [i, who] of ["Sun", "Alice", "Omar"].entries()) {
      await customerWrites(chat + 1 + i, who, `Deposit of ${100 * (i + 1)} USDT not credited`);
    }
    ticket = await ticketOfChat(chat);
  });
  afterAll(() => closeAll({ contexts, browser, worker, fake }));
  printOutputOnFailure(() => worker);

  it("the Chinese message with a TxID from an English Telegram client is answered in Chinese", async () => {
    const ack = await eventually(
      async () => fake.calls({ chatId: chat, method: "sendMessage" })[0],
      "the acknowledgement at the fake Telegram",
    );
    expect(String(ack.params.text)).toMatch(/\p{Script=Han}{4,}/u);
    expect(String(ack.params.text)).toContain(ticket.number);
  });

  it("every server-rendered page has its stylesheet and a sans-serif font (no escaped <style>)", async () => {
    const page = await (await newContext()).newPage();
    const form = await fetch(`${worker.url}/api/tickets`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        email: `fit-${marker}@example.com`,
        name: "Fit",
        category: "deposit",
        subject: "Fonts",
        description: "Checking the ticket page's font",
        lang: "en",
      }),
    });
    const { link } = (await form.json()) as { link: string };
    for (const path of ["/staff/login", "/support", "/support?lang=zh", link, "/dev/sandbox", "/verify?lang=en"]) {
      const res = await page.goto(`${worker.url}${path}`);
      expect(res?.status(), path).toBeLessThan(500);
      const got = (await page.evaluate(PAGE_FONT)) as { font: string; escaped: number; rules: number };
      expect(got.escaped, path).toBe(0);
      expect(got.rules, path).toBeGreaterThan(0);
      expect(got.font, path).toMatch(/sans-serif|system-ui/);
      expect(got.font, path).not.toMatch(/^"?Times/);
    }
  });

  it("at 1280 px: typed search text is readable, every field has contrast, the views bar and filters show everything", async () => {
    const page = await signIn(await newContext(1280), li, "signin-1280");
    const fit = (await page.evaluate(VIEWS_FIT)) as { overflow: number; hidden: string[]; cut: string[]; page: number };
    expect(fit).toEqual({ overflow: 0, hidden: [], cut: [], page: expect.any(Number) });
    expect(fit.page).toBeLessThanOrEqual(0);
    await row(page, ticket.id).waitFor();
    await shot(page, "inbox-list-1280");

    // The list snippet is the customer's message, not the bot's acknowledgement.
    expect(await row(page, ticket.id).locator(".snippet").textContent()).toContain("提现没到账");

    // Search by the customer's name: the text typed is readable and the ticket is found.
    await page.locator("#rd-search").fill(name);
    await page.waitForFunction(
      (id) => {
        const rows = [...document.querySelectorAll("#rd-tickets li")];
        return rows.length === 1 && rows[0]?.getAttribute("data-id") === id;
      },
      ticket.id,
      { timeout: STEP_MS },
    );
    await row(page, ticket.id).click();
    await page.locator("#rd-ticket-title", { hasText: ticket.number }).waitFor();
    await page.locator("#rd-contact .past li").first().waitFor();
    const contrast = (await page.evaluate(FIELD_CONTRAST)) as Array<{ id: string; ratio: number }>;
    expect(contrast.map((c) => c.id)).toEqual(expect.arrayContaining(["rd-search", "rd-status", "rd-reply"]));
    for (const c of contrast) expect(c.ratio, c.id).toBeGreaterThanOrEqual(4.5);
    await shot(page, "inbox-search-ticket-1280");
    await page.locator("#rd-search").fill(String(chat)); // a Telegram user id finds the customer too
    await row(page, ticket.id).waitFor({ timeout: STEP_MS });
    await page.close();
  });

  it("the customer panel follows changes made here and by another agent", async () => {
    const page = await signIn(await newContext(1280), li);
    await page.goto(`${worker.url}/staff#t=${ticket.id}`);
    const mine = page.locator(`#rd-contact .past li[data-id="${ticket.id}"]`);
    await mine.waitFor();
    expect(await mine.getAttribute("data-status")).toBe("new");
    await page.locator("#rd-status").selectOption("pending");
    await page.waitForFunction(
      (id) =>
        document.querySelector(`#rd-contact .past li[data-id="${id}"]`)?.getAttribute("data-status") === "pending",
      ticket.id,
      { timeout: STEP_MS },
    );
    expect(await mine.locator(".st").textContent()).toBe("Pending");
    // Someone else (the admin, through the API) changes it: the open panel follows without a reload.
    await admin(`/tickets/${ticket.id}`, { method: "PATCH", body: JSON.stringify({ status: "open" }) });
    await page.waitForFunction(
      (id) => document.querySelector(`#rd-contact .past li[data-id="${id}"]`)?.getAttribute("data-status") === "open",
      ticket.id,
      { timeout: STEP_MS },
    );
    await page.close();
  });

  it("at 390 px the conversation gets the screen: views are one menu, ticket controls fold away", async () => {
    const page = await signIn(await newContext(390, { locale: "zh-CN" }), li, "signin-390");
    await row(page, ticket.id).waitFor();
    expect(await page.locator("#rd-views").isVisible()).toBe(false);
    await page.locator("#rd-view-select").selectOption("ch:telegram");
    await row(page, ticket.id).waitFor();
    await page.locator("#rd-search").fill(marker);
    await shot(page, "inbox-search-390");
    await page.locator("#rd-search").fill("");
    await page.locator("#rd-search").press("Enter");
    await shot(page, "inbox-list-390");
    await row(page, ticket.id).tap();
    await page.locator("#rd-ticket-title", { hasText: ticket.number }).waitFor();
    expect(await page.locator("#rd-status").isVisible()).toBe(false);
    const head = (await page.locator("#rd-ticket-head").boundingBox())?.height ?? 999;
    expect(head / 844).toBeLessThan(0.3);
    expect(await page.evaluate("document.documentElement.scrollWidth - innerWidth")).toBeLessThanOrEqual(0);
    await shot(page, "inbox-ticket-390");
    await page.locator("#rd-controls-toggle").tap();
    await page.locator("#rd-status").waitFor();
    await shot(page, "inbox-ticket-controls-390");
    await page.close();
  });

  it("a closed ticket's reply box is disabled with the reason; a reply refused because it closed meanwhile keeps its text", async () => {
    const other = await ticketOfChat(chat + 1);
    const page = await signIn(await newContext(1280), li);
    await page.goto(`${worker.url}/staff#t=${other.id}`);
    await page.locator("#rd-ticket-title", { hasText: other.number }).waitFor();
    expect(await page.locator("#rd-reply").isDisabled()).toBe(false);
    // Closed underneath while this tab is offline: the send is refused (409) and handled.
    const draft = `Checking the deposit ${marker}`;
    await page.locator("#rd-reply").fill(draft);
    await page.evaluate("window.relaydeskInbox.dropFeed(60000)");
    await page.locator("#rd-live[data-state=offline]").waitFor();
    const closed = await admin(`/tickets/${other.id}`, { method: "PATCH", body: JSON.stringify({ status: "closed" }) });
    expect(closed.status).toBe(200);
    await page.locator("#rd-send").click();
    await page.locator("#rd-toast.err", { hasText: "closed meanwhile" }).waitFor({ timeout: STEP_MS });
    await page.waitForFunction(() => (document.getElementById("rd-reply") as { disabled?: boolean } | null)?.disabled);
    expect(await page.locator("#rd-reply").inputValue()).toBe(draft);
    await page.locator("#rd-closed-note").waitFor();
    expect(await page.locator("#rd-send").isDisabled()).toBe(true);
    expect(await page.locator("#rd-status").isDisabled()).toBe(true);
    // The note tab still works on a closed ticket.
    await page.locator("#rd-tab-note").click();
    expect(await page.locator("#rd-note").isDisabled()).toBe(false);
    await page.locator("#rd-tab-reply").click();
    await shot(page, "inbox-closed-ticket-1280");
    await page.close();
  });

  it("no page threw or logged an error (CSP violations included)", () => {
    expect(pageErrors).toEqual([]);
  });
});
