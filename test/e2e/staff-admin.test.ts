// The admin screens in real Chromium against wrangler dev: an admin follows the inbox's link, creates
// an agent and an API token (shown once, then only its prefix), adds a canned reply that the agent's
// inbox then offers, and tries a message against the triage rules; the agent is refused the page.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeAll,
  collectPageErrors,
  haveChromium,
  launchChromium,
  requireChromiumInCi,
  signInThroughForm,
} from "./staff-harness";
import { eventually, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

requireChromiumInCi(false);

// Page-side callbacks run in Chromium; the project compiles without the DOM lib, so what they touch is described here.
declare const document: { body: { innerText: string }; documentElement: { scrollWidth: number } };
declare const location: { hash: string };

const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const rand = () => crypto.randomUUID().slice(0, 6);

let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors and console errors (CSP violations among them) of every page. */
const pageErrors: string[] = [];

async function signIn(token: string, next = "/staff", viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: "en-US" });
  contexts.push(context);
  const page = await context.newPage();
  // The agent's 403 page logs "Failed to load resource" on purpose; anything else is a fault.
  collectPageErrors(page, pageErrors);
  return signInThroughForm(page, worker, token, { next });
}

describe.runIf(haveChromium)("admin screens in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    worker = await startWrangler();
    browser = await launchChromium();
  });
  afterAll(() => closeAll({ contexts, browser, worker }));
  printOutputOnFailure(() => worker);

  it("an admin creates an agent, a token shown once, a canned reply the inbox offers, and previews triage; the agent is refused", async () => {
    const admin = await signIn(worker.bootstrapToken);
    await admin.locator("#rd-admin-link").click();
    await admin.waitForURL(`${worker.url}/staff/admin`);
    await admin.locator("nav.sections a[data-screen=users][aria-current=page]").waitFor();

    // A new agent.
    const name = `Mei Lin ${rand()}`;
    const form = admin.locator("#rd-user-form");
    await form.locator("input[type=text]").fill(name);
    await form.locator("input[type=email]").fill(`mei.${rand()}@example.com`);
    await form.locator("button[type=submit]").click();
    const userRow = admin.locator("#rd-users tr", { hasText: name });
    await userRow.waitFor();
    expect(await userRow.locator("select").inputValue()).toBe("agent");

    // Its token: shown once, then only the prefix.
    await admin.locator("nav.sections a[data-screen=tokens]").click();
    await admin.locator("#rd-token-form select option", { hasText: name }).waitFor({ state: "attached" });
    await admin.locator("#rd-token-form select").selectOption({ label: `${name} (Agent)` });
    await admin.locator("#rd-token-form input[type=text]").fill("Mei's laptop");
    await admin.locator("#rd-token-form button[type=submit]").click();
    const token = ((await admin.locator("#rd-new-token").textContent()) ?? "").trim();
    expect(token).toMatch(/^rdk_[A-Za-z0-9_-]{40,}$/);
    const tokenRow = admin.locator("#rd-tokens tr", { hasText: "Mei's laptop" });
    expect(await tokenRow.locator(".token-prefix").textContent()).toBe(`${token.slice(0, 8)}…`);
    await admin.locator("#rd-token-done").click();
    await admin.locator("#rd-new-token").waitFor({ state: "detached" });
    expect(await admin.content()).not.toContain(token.slice(0, 12));
    // Coming back to the screen later shows only the prefix too.
    await admin.reload();
    await admin.locator("#rd-tokens tr", { hasText: "Mei's laptop" }).waitFor();
    expect(await admin.content()).not.toContain(token.slice(0, 12));

    // A canned reply.
    const title = `Refund timeline ${rand()}`;
    await admin.locator("nav.sections a[data-screen=canned]").click();
    await admin.locator("#rd-canned-form input[type=text]").fill(title);
    await admin.locator("#rd-canned-form textarea").fill("Hi {{customer_name}}, refunds take 3-5 business days.");
    await admin.locator("#rd-canned-form button[type=submit]").click();
    await admin.locator("#rd-canned-list tr", { hasText: title }).waitFor();

    // Try a message against the triage rules.
    await admin.locator("nav.sections a[data-screen=triage]").click();
    await admin.locator("#rd-rules").waitFor();
    await eventually(
      async () => ((await admin.locator("#rd-rules").inputValue()).includes('"categories"') ? true : undefined),
      "rules",
    );
    await admin.locator("#rd-try-text").fill("Someone hacked my account and withdrew all my USDT");
    await admin.locator("#rd-try-form button[type=submit]").click();
    const result = admin.locator("#rd-preview-result");
    await result.waitFor();
    expect(await result.locator("[data-field=priority]").textContent()).toBe("Urgent");
    expect(await result.locator("[data-field=category]").textContent()).toContain("Security");
    expect((await result.locator("[data-field=rules]").textContent())?.length).toBeGreaterThan(3);
    await admin.screenshot({ path: resolve(ARTIFACTS, "staff-admin-triage.png") });

    // The agent signs in with that token: the inbox offers the new canned reply, and has no admin link.
    const opened = await fetch(`${worker.url}/dev/sandbox/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        channel: "webform",
        sender: `c-${rand()}@example.com`,
        text: `Where is my refund ${rand()}?`,
      }),
    });
    expect(opened.status).toBe(201);
    const { result: ticket } = (await opened.json()) as { result: { ticketId: string } };
    const agent = await signIn(token);
    await agent.locator("#rd-live[data-state=live]").waitFor();
    expect(await agent.locator("#rd-admin-link").count()).toBe(0);
    await agent.locator(`#rd-tickets li[data-id="${ticket.ticketId}"]`).click();
    await agent.locator("#rd-canned option", { hasText: title }).waitFor({ state: "attached" });

    // …and is refused the admin page.
    const res = await agent.goto(`${worker.url}/staff/admin`);
    expect(res?.status()).toBe(403);
    await agent.locator("#rd-forbidden h1", { hasText: "Admins only" }).waitFor();
    expect(await agent.locator("nav.sections").count()).toBe(0);

    expect(pageErrors).toEqual([]);
  });

  it("edits KB articles and official accounts, tags an incident's tickets by number and removes one", async () => {
    const admin = await signIn(worker.bootstrapToken, "/staff/admin");
    await admin.goto(`${worker.url}/staff/admin#kb`);
    // A KB article: created, edited, switched off, then deleted after "are you sure?".
    const title = `Withdrawal limits ${rand()}`;
    const kb = admin.locator("#rd-kb-form");
    await kb.locator("input[type=text]").first().fill(title);
    await kb.locator("textarea").fill("Daily limits depend on your verification level.");
    await kb.locator("input[type=text]").nth(1).fill("limit, 限额");
    await kb.locator("button[type=submit]").click();
    const row = admin.locator("#rd-kb-list tr", { hasText: title });
    await row.waitFor();
    expect(await row.locator("td[data-label]").nth(2).textContent()).toBe("limit, 限额");
    await row.locator("button", { hasText: "Edit" }).click();
    expect(await kb.locator("input[type=text]").first().inputValue()).toBe(title);
    await kb.locator("input[type=checkbox]").uncheck();
    await kb.locator("button[type=submit]", { hasText: "Save" }).click();
    await row.locator(".pill.off").waitFor();
    await row.locator("button.danger", { hasText: "Delete" }).click();
    await row.locator("[role=alertdialog]", { hasText: title }).waitFor();
    await row.locator("[role=alertdialog] button", { hasText: "No" }).click();
    await row.locator("[role=alertdialog]").waitFor({ state: "detached" });
    await row.locator("button.danger", { hasText: "Delete" }).click();
    await row.locator("[role=alertdialog] button.danger").click();
    await row.waitFor({ state: "detached" });

    // An official account: added, then removed.
    await admin.locator("nav.sections a[data-screen=handles]").click();
    const handle = `@rd_support_${rand().replace(/-/g, "")}`;
    await admin.locator("#rd-handle-form input[type=text]").first().fill(handle);
    await admin.locator("#rd-handle-form button[type=submit]").click();
    const handleRow = admin.locator("#rd-handles tr[data-id]", { hasText: handle.slice(1) });
    await handleRow.waitFor();
    await handleRow.locator("button.danger").click();
    await handleRow.locator("[role=alertdialog] button.danger").click();
    await handleRow.waitFor({ state: "detached" });

    // Three customer tickets; an incident opened with one of them by number, two more tagged by number.
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${worker.url}/dev/sandbox/inbound`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ channel: "webform", sender: `c-${rand()}@example.com`, text: `ETH stuck ${rand()}` }),
      });
      expect(res.status).toBe(201);
      numbers.push(((await res.json()) as { result: { ticketNumber: string } }).result.ticketNumber);
    }
    const [a, b, c] = numbers as [string, string, string];
    await admin.locator("nav.sections a[data-screen=incidents]").click();
    const incidentTitle = `ETH withdrawals delayed ${rand()}`;
    await admin.locator("#rd-incident-form input[type=text]").first().fill(incidentTitle);
    await admin.locator("#rd-incident-form input[type=text]").nth(1).fill(a.toLowerCase());
    await admin.locator("#rd-incident-form button[type=submit]").click();
    const chips = admin.locator("#rd-incident-tickets li");
    await admin.locator(`#rd-incident-tickets li[data-number="${a}"]`).waitFor();
    const tagBox = admin.locator("#rd-tag-form input[type=text]");
    // Junk is refused in place, naming it, and tags nothing.
    await tagBox.fill(`${b} RD-x9`);
    await admin.locator("#rd-tag-form button[type=submit]").click();
    await admin.locator("#rd-incident-detail .error", { hasText: "RD-x9" }).waitFor();
    expect(await chips.count()).toBe(1);
    // An unknown number is the server's 400, and tags nothing either.
    await tagBox.fill(`${b}, RD-${999_000_000 + Math.floor(Math.random() * 999_999)}`);
    await admin.locator("#rd-tag-form button[type=submit]").click();
    await admin.locator("#rd-incident-detail .error", { hasText: "no ticket RD-999" }).waitFor();
    expect(await chips.count()).toBe(1);
    await tagBox.fill(`${b.replace("RD-", "")}，#${c.replace("RD-", "")}`);
    await admin.locator("#rd-tag-form button[type=submit]").click();
    await admin.locator(`#rd-incident-tickets li[data-number="${c}"]`).waitFor();
    expect((await chips.evaluateAll((els) => els.map((e) => e.getAttribute("data-number")))).sort()).toEqual(
      [a, b, c].sort(),
    );
    const incidentRow = admin.locator("#rd-incidents tr", { hasText: incidentTitle });
    expect(await incidentRow.locator("td[data-label=Tickets]").textContent()).toBe("3");

    // Untag b: asked first, then gone; the list's count follows, and a reload shows the server agrees.
    const chipB = admin.locator(`#rd-incident-tickets li[data-number="${b}"]`);
    await chipB.locator("button.danger").click();
    await chipB.locator("[role=alertdialog]", { hasText: b }).waitFor();
    await chipB.locator("[role=alertdialog] button.danger").click();
    await chipB.waitFor({ state: "detached" });
    await admin.locator("#rd-incident-detail .notice", { hasText: `Removed ${b}` }).waitFor();
    expect(await incidentRow.locator("td[data-label=Tickets]").textContent()).toBe("2");
    await admin.reload();
    await admin.locator("#rd-incidents tr", { hasText: incidentTitle }).locator("button").click();
    await admin.locator(`#rd-incident-tickets li[data-number="${a}"]`).waitFor();
    expect((await chips.evaluateAll((els) => els.map((e) => e.getAttribute("data-number")))).sort()).toEqual(
      [a, c].sort(),
    );
    expect(pageErrors).toEqual([]);
  });

  it("keeps the current section's tab in view on a 390 px phone, and no screen is wider than the phone", async () => {
    const phone = await signIn(worker.bootstrapToken, "/staff/admin", { width: 390, height: 844 });
    const screens = ["incidents", "users", "handles", "sla", "tokens", "sessions", "canned", "kb", "triage"];
    for (const [i, screen] of screens.entries()) {
      // Half by a fresh load, half by the hash changing (the strip's own links or a bookmark).
      if (i % 2) await phone.evaluate((s) => (location.hash = `#${s}`), screen);
      else await phone.goto(`${worker.url}/staff/admin#${screen}`);
      const tab = phone.locator(`nav.sections a[data-screen=${screen}][aria-current=page]`);
      await tab.waitFor();
      await phone.waitForFunction(() => !/Loading…/.test(document.body.innerText));
      await eventually(async () => {
        const box = await tab.boundingBox();
        return box && box.x >= 0 && box.x + box.width <= 390 ? true : undefined;
      }, `the ${screen} tab in view`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), screen).toBeLessThanOrEqual(390);
    }
    expect(pageErrors).toEqual([]);
  });
});
