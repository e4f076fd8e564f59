// Bulk actions and confirmations in real Chromium against wrangler dev, two agents side by side:
// A bulk-assigns three tickets to B and B's list follows live; a bulk status change asks first (Esc
// cancels, nothing changes); resolving a ticket nobody answered asks; taking a colleague's ticket asks;
// an ordinary claim does not. Screenshots at 1280 and 390 px (the toolbar must fit a phone).
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

// Page-side callbacks run in Chromium; the project compiles without the DOM lib.
declare const document: {
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; dataset: Record<string, string> }>;
  querySelector(selector: string): { textContent: string | null; getBoundingClientRect(): { right: number } } | null;
};
declare const window: { innerWidth: number };

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());
if (!haveChromium && inCi)
  throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);

const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
/** How soon another agent's list must show a change (the bound for live updates). */
const LIVE_WITHIN_MS = 1_000;
const rand = () => crypto.randomUUID().slice(0, 6);

let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

interface Agent {
  id: string;
  name: string;
  token: string;
}

async function api(path: string, init: RequestInit = {}, token = worker.bootstrapToken): Promise<Response> {
  return fetch(`${worker.url}/api/staff${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
  });
}

async function createAgent(name: string): Promise<Agent> {
  const res = await api("/users", { method: "POST", body: JSON.stringify({ name, role: "agent" }) });
  expect(res.status).toBe(201);
  const { user } = (await res.json()) as { user: { id: string } };
  const tok = await api(`/users/${user.id}/tokens`, { method: "POST", body: JSON.stringify({ name: "e2e" }) });
  const { token } = (await tok.json()) as { token: string };
  return { id: user.id, name, token };
}

async function openTicket(text: string): Promise<{ id: string; number: string }> {
  const res = await fetch(`${worker.url}/dev/sandbox/inbound`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ channel: "webform", sender: `c-${rand()}@example.com`, text }),
  });
  expect(res.status).toBe(201);
  const { result } = (await res.json()) as { result: { ticketId: string; ticketNumber: string } };
  return { id: result.ticketId, number: result.ticketNumber };
}

async function ticket(id: string): Promise<{ status: string; assigneeId: string | null }> {
  const res = await api(`/tickets/${id}`);
  return ((await res.json()) as { ticket: { status: string; assigneeId: string | null } }).ticket;
}

async function signIn(agent: Agent, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 860 }, locale: "en-US" });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (msg) => msg.type() === "error" && pageErrors.push(msg.text()));
  await page.goto(`${worker.url}/staff`);
  await page.waitForURL(/\/staff\/login/);
  await page.locator("input[name=token]").fill(agent.token);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(`${worker.url}/staff`);
  await page.locator("#rd-live[data-state=live]").waitFor();
  return page;
}

/** Narrows a page's list to one run's tickets. */
async function search(page: Page, word: string, expected: number): Promise<void> {
  await page.locator("#rd-search").fill(word);
  await page.waitForFunction((n) => document.querySelectorAll("#rd-tickets li.row").length === n, expected, {
    timeout: 10_000,
  });
}

describe.runIf(haveChromium)("bulk actions and confirmations in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    worker = await startWrangler();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await worker?.stop();
  });
  printOutputOnFailure(() => worker);

  it("A bulk-assigns three tickets to B, B's list follows live; a bulk status change asks first", async () => {
    const word = `bulk${rand()}`;
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await openTicket(`Withdrawal stuck ${word} number ${i}`));
    const a = await createAgent(`Ana ${rand()}`);
    const b = await createAgent(`Bo ${rand()}`);
    const pageA = await signIn(a);
    const pageB = await signIn(b);
    await search(pageA, word, 3);
    await search(pageB, word, 3);

    // Keyboard: the first row's checkbox takes Space; shift-click on the third selects the range.
    const boxes = pageA.locator("#rd-tickets input.pick");
    await boxes.nth(0).focus();
    await pageA.keyboard.press("Space");
    await pageA.locator("#rd-bulk-count", { hasText: "1 selected" }).waitFor();
    await boxes.nth(2).click({ modifiers: ["Shift"] });
    await pageA.locator("#rd-bulk-count", { hasText: "3 selected" }).waitFor();
    expect(await pageA.locator("#rd-select-all").isChecked()).toBe(true);

    // The directory reaches A's toolbar; assigning to B asks, saying how many.
    await pageA.locator(`#rd-bulk-assign option[value="${b.id}"]`).waitFor({ state: "attached" });
    await pageA.locator("#rd-bulk-assign").selectOption(b.id);
    const dialog = pageA.locator("dialog#rd-confirm");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Assign 3 tickets to");
    await pageA.screenshot({ path: resolve(ARTIFACTS, "staff-bulk-confirm-1280.png") });
    await pageA.locator("#rd-confirm-ok").click();
    const assignedAt = Date.now();
    await pageB.waitForFunction(
      (ids) =>
        ids.every((id) =>
          Array.from(document.querySelectorAll("#rd-tickets li.row")).some(
            (li) =>
              li.dataset.id === id &&
              (li as unknown as { querySelector(s: string): { textContent: string } | null }).querySelector(".as")
                ?.textContent === "me",
          ),
        ),
      tickets.map((t) => t.id),
      { timeout: LIVE_WITHIN_MS },
    );
    console.info(`bulk assignment visible in B's list after ${Date.now() - assignedAt} ms`);
    for (const t of tickets) expect((await ticket(t.id)).assigneeId).toBe(b.id);
    // The selection is cleared once done.
    await pageA.locator("#rd-bulk-bar").waitFor({ state: "hidden" });

    // Bulk status: the dialog asks; Esc cancels and nothing changes; Confirm applies to all three.
    await pageA.locator("#rd-select-all").check();
    await pageA.locator("#rd-bulk-status").selectOption("pending");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Set 3 tickets to");
    await pageA.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    for (const t of tickets) expect((await ticket(t.id)).status).toBe("new");
    await pageA.locator("#rd-bulk-status").selectOption("pending");
    await pageA.locator("#rd-confirm-ok").click();
    await pageB.waitForFunction(
      () => Array.from(document.querySelectorAll("#rd-tickets li.row")).every((li) => li.dataset.status === "pending"),
      null,
      { timeout: LIVE_WITHIN_MS },
    );
    for (const t of tickets) expect((await ticket(t.id)).status).toBe("pending");

    // The toolbar at a phone's width: selected, it fits without sideways scrolling.
    const phone = await signIn(a, 390);
    await search(phone, word, 3);
    await phone.locator("#rd-select-all").check();
    await phone.locator("#rd-bulk-bar").waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const right = await phone.evaluate(
      () => document.querySelector("#rd-bulk-clear")?.getBoundingClientRect().right ?? 0,
    );
    expect(right).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: resolve(ARTIFACTS, "staff-bulk-toolbar-390.png") });
    await pageA.locator("#rd-select-all").check();
    await pageA.screenshot({ path: resolve(ARTIFACTS, "staff-bulk-toolbar-1280.png") });
    expect(pageErrors).toEqual([]);
  });

  it("resolving without a reply asks; taking a colleague's ticket asks; a plain claim does not", async () => {
    const word = `ask${rand()}`;
    const silent = await openTicket(`KYC rejected ${word} silent`);
    const taken = await openTicket(`KYC rejected ${word} taken`);
    const free = await openTicket(`KYC rejected ${word} free`);
    const a = await createAgent(`Ari ${rand()}`);
    const b = await createAgent(`Ben ${rand()}`);
    await api(`/tickets/${taken.id}`, { method: "PATCH", body: JSON.stringify({ assigneeId: b.id }) });
    const page = await signIn(a);
    const dialog = page.locator("dialog#rd-confirm");

    // Resolve with nobody's reply: asked; Cancel keeps it open; Confirm resolves it.
    await page.goto(`${worker.url}/staff#t=${silent.id}`);
    await page.locator("#rd-resolve").click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Resolve without a reply?");
    expect(await page.evaluate(() => document.querySelector("dialog#rd-confirm :focus")?.textContent ?? "")).toBe(
      "Cancel",
    );
    await page.screenshot({ path: resolve(ARTIFACTS, "staff-confirm-resolve-1280.png") });
    await page.locator("#rd-confirm-cancel").click();
    await dialog.waitFor({ state: "detached" });
    expect((await ticket(silent.id)).status).toBe("new");
    await page.locator("#rd-resolve").click();
    await page.locator("#rd-confirm-ok").click();
    await page.locator("#rd-resolve", { hasText: "Reopen" }).waitFor();
    expect((await ticket(silent.id)).status).toBe("resolved");

    // Taking B's ticket: asked, naming B; Esc cancels (and does not close the ticket view).
    await page.goto(`${worker.url}/staff#t=${taken.id}`);
    await page.locator("#rd-ticket-title", { hasText: taken.number }).waitFor();
    await page.locator("#rd-claim").click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(b.name);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect((await ticket(taken.id)).assigneeId).toBe(b.id);
    await page.locator("#rd-ticket-title", { hasText: taken.number }).waitFor();
    await page.locator("#rd-claim").click();
    await page.locator("#rd-confirm-ok").click();
    await page.locator("#rd-claim", { hasText: "Unassign" }).waitFor();
    expect((await ticket(taken.id)).assigneeId).toBe(a.id);

    // An ordinary claim of an unassigned ticket: no dialog at all.
    await page.goto(`${worker.url}/staff#t=${free.id}`);
    await page.locator("#rd-ticket-title", { hasText: free.number }).waitFor();
    await page.locator("#rd-claim").click();
    await page.locator("#rd-claim", { hasText: "Unassign" }).waitFor();
    expect(await dialog.count()).toBe(0);
    expect((await ticket(free.id)).assigneeId).toBe(a.id);
    // The API itself refuses a resolve without a reply unless confirmed.
    const refused = await api(`/tickets/${free.id}`, { method: "PATCH", body: JSON.stringify({ status: "resolved" }) });
    expect(refused.status).toBe(409);
    expect(pageErrors).toEqual([]);
  });
});
