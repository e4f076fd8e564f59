// The admin screens in real Chromium against wrangler dev: an admin follows the inbox's link, creates
// an agent and an API token (shown once, then only its prefix), adds a canned reply that the agent's
// inbox then offers, and tries a message against the triage rules; the agent is refused the page.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, printOutputOnFailure, type RunningWorker, startWrangler } from "./wrangler";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());
if (!haveChromium && inCi)
  throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);

const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");
const rand = () => crypto.randomUUID().slice(0, 6);

let worker: RunningWorker;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors and console errors (CSP violations among them) of every page. */
const pageErrors: string[] = [];

async function signIn(token: string, next = "/staff"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (msg) => {
    // The agent's 403 page logs "Failed to load resource" on purpose; anything else is a fault.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) pageErrors.push(msg.text());
  });
  await page.goto(`${worker.url}${next}`);
  await page.waitForURL(/\/staff\/login\?next=/);
  await page.locator("input[name=token]").fill(token);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(`${worker.url}${next}`);
  return page;
}

describe.runIf(haveChromium)("admin screens in Chromium", () => {
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
});
