#!/usr/bin/env node
/**
 * The screenshots in docs/screenshots/ (and the README's): a realistic desk on `wrangler dev`,
 * photographed in Chromium at 1280 px and 390 px.
 *   npm run docs:screenshots
 * Starts its own `wrangler dev` on a fresh local state (nothing of yours is touched), writes in as
 * customers through the development sandbox (the same ingest as a real webhook: redaction, triage,
 * the bot's acknowledgement), then works the tickets as two agents through the staff API. Chromium
 * from /usr/bin/chromium (CHROMIUM_PATH to override) with the CJK fonts installed.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT, startDev } from "../bench/lib.mjs";

const TOKEN = "docs-screenshots-bootstrap";
const OUT = join(ROOT, "docs", "screenshots");

/** Who writes, on which channel, and what: the everyday traffic of an exchange's desk. */
const CUSTOMERS = [
  [
    "telegram",
    "lin_wei_88",
    "我的 USDT 充值还没到账，已经 2 小时了。TxID: 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
  ],
  [
    "email",
    "maria.garcia@example.com",
    "Hi, my BTC withdrawal has been pending for 6 hours. Order id 4820193374. Can you check?",
  ],
  [
    "discord",
    "kenji#2041",
    "Someone in a DM says he is from support and asks for my seed phrase to 'verify' my wallet. Is that you?",
  ],
  ["webform", "zhang.wei@example.com", "KYC 审核被拒绝了，说照片不清楚，但我上传的是护照原件扫描件。UID 20398817"],
  [
    "telegram",
    "tom_trades",
    "Can't log in. The 2FA code from my authenticator is always rejected since I changed phones.",
  ],
  [
    "email",
    "a.rahman@example.com",
    "Your API returns 429 Too Many Requests on /api/v3/order even at 2 requests per second.",
  ],
  ["discord", "李娜", "提现一直显示处理中，TRC20 地址 TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9，金额 1,250 USDT"],
  ["webform", "olga.petrova@example.com", "I want to close my account and withdraw everything. What are the steps?"],
  ["telegram", "sara_k", "Deposit of 0.35 ETH not credited. Sent from Binance 40 minutes ago."],
  ["email", "wang.fang@example.com", "我的账户被冻结了，登录时提示异常活动，请帮我解冻。"],
];

const REPLIES = [
  "Thanks for the TxID: the deposit has 8 of 12 confirmations and will be credited automatically in about 10 minutes.",
  "Your withdrawal is in the manual review queue; it usually clears within 2 hours. We will update you here.",
  "That is not us: our staff never ask for seed phrases. Please block and report that account.",
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  const dev = await startDev({
    vars: { ENVIRONMENT: "development", PUBLIC_URL: "" },
    secrets: { STAFF_BOOTSTRAP_TOKEN: TOKEN },
  });
  try {
    const api = async (method, path, json, token = TOKEN) => {
      const res = await fetch(`${dev.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const agents = [];
    for (const name of ["Chen Jie", "Priya Nair"])
      agents.push((await api("POST", "/api/staff/users", { name, role: "agent" })).user);
    const tickets = [];
    for (const [channel, sender, text] of CUSTOMERS) {
      const { result } = await api("POST", "/dev/sandbox/inbound", { channel, sender, text });
      tickets.push(result.ticketId);
    }
    // Work some of them: assign, answer, resolve; leave the newest ones new.
    for (const [i, id] of tickets.slice(0, 6).entries()) {
      await api("PATCH", `/api/staff/tickets/${id}`, { assigneeId: agents[i % 2].id });
      if (i < REPLIES.length) await api("POST", `/api/staff/tickets/${id}/replies`, { body: REPLIES[i] });
      if (i === 4) await api("PATCH", `/api/staff/tickets/${id}`, { status: "resolved", confirm: true });
    }
    await api("POST", `/api/staff/tickets/${tickets[1]}/notes`, {
      body: "Checked the hot wallet queue: batch 7 is running.",
    });
    // Tags, and an outage with the deposits it delayed (tickets by number, as an agent would type them).
    await api("PATCH", `/api/staff/tickets/${tickets[0]}`, { tags: ["vip", "chain-delay"] });
    await api("POST", "/api/staff/incidents", {
      title: "Ethereum deposits delayed: node resync",
      ticketNumbers: ["RD-1001", "RD-1009"],
    });

    // Two web-form customers' `/t/` pages: one answered by staff; the other's ticket merged into the first's by an
    // admin (another customer's ticket: its page must show nothing of it).
    const webTicket = async (email, subject, description) => {
      const res = await fetch(`${dev.url}/api/tickets`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ email, subject, description, idempotencyKey: crypto.randomUUID() }),
      });
      if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status} ${await res.text()}`);
      const { link } = await res.json();
      const { tickets: listed } = await api("GET", "/api/staff/tickets?limit=50");
      return { link, id: listed.find((t) => t.subject === subject).id };
    };
    const answered = await webTicket(
      "mei.lin@example.com",
      "充值未到账 USDT-TRC20",
      "我昨天充值了 500 USDT（TRC20），链上已确认，但账户里还没有显示。TxID: 7f3c9a1e5b2d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f",
    );
    await api("POST", `/api/staff/tickets/${answered.id}/replies`, {
      body: "您好，我们已查到这笔充值，正在人工入账，预计 30 分钟内到账。",
    });
    const merged = await webTicket(
      "tom.berger@example.com",
      "Deposit not credited",
      "Sent 0.2 ETH two hours ago, the block explorer shows it confirmed but my balance did not change.",
    );
    await api("POST", `/api/staff/tickets/${merged.id}/merge`, {
      intoId: answered.id,
      confirmDifferentCustomers: true,
    });

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    try {
      for (const [width, height] of [
        [1280, 800],
        [390, 844],
      ]) {
        const context = await browser.newContext({ viewport: { width, height }, locale: "en-US" });
        const page = await context.newPage();
        await page.goto(`${dev.url}/staff/login`);
        await page.fill("input[name=token]", TOKEN);
        await Promise.all([page.waitForURL(/\/staff\/?(\?.*)?$/), page.click("button[type=submit]")]);
        const shot = (name) => page.screenshot({ path: join(OUT, `${name}-${width}.png`) });
        await page.waitForSelector("#rd-tickets li");
        await shot("inbox-list");
        await page.click('#rd-tickets li:has-text("RD-1001")');
        await page.waitForSelector("#rd-ticket .msg-meta");
        // The customer's panel has loaded (not its placeholder).
        await page.waitForFunction(() => document.querySelectorAll("#rd-contact h3").length > 0);
        await shot("inbox-ticket");
        await page.goto(`${dev.url}/staff/metrics`);
        await page.screenshot({ path: join(OUT, `metrics-${width}.png`), fullPage: true });
        for (const screen of [
          "users",
          "tokens",
          "sessions",
          "canned",
          "kb",
          "triage",
          "sla",
          "handles",
          "incidents",
          "assign",
          "chat",
        ]) {
          await page.goto(`${dev.url}/staff/admin#${screen}`);
          await page.waitForLoadState("networkidle");
          // The screen's data has arrived (no "Loading…" placeholder left).
          await page.waitForFunction(() => !/Loading…|加载中/.test(document.body.innerText));
          await shot(`admin-${screen}`);
        }
        // The customer's side: a `/t/` page with staff's answer, and one whose ticket was merged into another customer's.
        for (const [name, link] of [
          ["ticket-page", answered.link],
          ["ticket-page-merged", merged.link],
        ]) {
          await page.goto(`${dev.url}${link}`);
          await page.waitForLoadState("networkidle");
          await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
        }
        await context.close();
      }
    } finally {
      await browser.close();
    }
    console.log(`docs-screenshots: written to ${OUT}`);
  } finally {
    await dev.stop();
  }
}

await main();
