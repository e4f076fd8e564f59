import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyReminder } from "../../../src/core/verify-texts";
import { command } from "../channels/discord/builders";
import { postInteraction } from "../channels/discord/harness";
import { commandUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat, staffReply, waitForSent } from "../channels/telegram/harness";
import { addOfficial, api, BASE, botMessages, unique, webformTicket } from "../requests";
import { staffWithToken } from "../staff/helpers";
import { count, staffTicket } from "../support";

/** A fresh brand for each test, so entries of other tests never match. */
function brand() {
  return `rdv${unique("").slice(0, 8)}`;
}

async function verifyJson(q: string, lang = "en") {
  const res = await exports.default.fetch(`${BASE}/verify?q=${encodeURIComponent(q)}&lang=${lang}`, {
    headers: { Accept: "application/json" },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { verdict: string; official: boolean; kind: string | null; message: string };
}

describe("the official list (admin API)", () => {
  it("stores entries normalised, answers 200 for a repeat, and lists them", async () => {
    const b = brand();
    const first = await api("POST", "/api/staff/official-handles", {
      json: { kind: "telegram", value: `https://t.me/${b.toUpperCase()}_support`, label: "Support" },
    });
    expect(first.status).toBe(201);
    const { handle } = (await first.json()) as { handle: { id: string; value: string } };
    expect(handle.value).toBe(`${b}_support`);
    const again = await api("POST", "/api/staff/official-handles", {
      json: { kind: "telegram", value: `@${b}_support` },
    });
    expect(again.status).toBe(200);
    const list = (await (await api("GET", "/api/staff/official-handles")).json()) as {
      handles: Array<{ value: string }>;
    };
    expect(list.handles.filter((h) => h.value === `${b}_support`)).toHaveLength(1);
    expect((await api("DELETE", `/api/staff/official-handles/${handle.id}`)).status).toBe(204);
    expect((await verifyJson(`@${b}_support`)).official).toBe(false);
  });

  it("refuses a value that is not of its kind, storing nothing", async () => {
    const b = brand();
    const res = await api("POST", "/api/staff/official-handles", { json: { kind: "discord_server", value: b } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    expect(await count("SELECT COUNT(*) AS n FROM official_handles WHERE value LIKE ?1", `%${b}%`)).toBe(0);
  });

  it("only admins may change it; agents may read it", async () => {
    const agent = await staffWithToken("agent");
    const res = await api("POST", "/api/staff/official-handles", {
      token: agent.token,
      json: { kind: "domain", value: `${brand()}.com` },
    });
    expect(res.status).toBe(403);
    expect((await api("GET", "/api/staff/official-handles", { token: agent.token })).status).toBe(200);
    expect((await api("GET", "/api/staff/official-handles", { token: null })).status).toBe(401);
  });
});

describe("GET /verify", () => {
  it("answers official, lookalike and unknown in JSON", async () => {
    const b = brand();
    await addOfficial("telegram", `@${b}_support`);
    await addOfficial("domain", `${b}.com`);
    await addOfficial("discord_invite", `https://discord.gg/${b}X`);
    expect(await verifyJson(`https://t.me/${b}_support`)).toMatchObject({ verdict: "official", official: true });
    expect(await verifyJson(`help@support.${b}.com`)).toMatchObject({ verdict: "official", kind: "domain" });
    expect(await verifyJson(`discord.gg/${b}X`)).toMatchObject({ verdict: "official", kind: "discord_invite" });
    const fake = await verifyJson(`@${b}_supp0rt`);
    expect(fake).toMatchObject({ verdict: "lookalike", official: false });
    expect(fake.message).toContain("NOT ours");
    expect(await verifyJson(`${b}.com.wallet-check.io`)).toMatchObject({ verdict: "lookalike", official: false });
    expect(await verifyJson("@someone_unrelated_42")).toMatchObject({ verdict: "not_official", official: false });
    expect((await verifyJson(`@${b}_supp0rt`, "zh")).message).toContain("不是我们的官方账号");
  });

  it("serves a zh/en page with a form and the answer", async () => {
    const b = brand();
    await addOfficial("telegram", `${b}_help`);
    const en = await exports.default.fetch(`${BASE}/verify?q=${encodeURIComponent(`@${b}_help`)}`);
    expect(en.status).toBe(200);
    expect(en.headers.get("Content-Type")).toContain("text/html");
    const html = await en.text();
    expect(html).toContain('<form method="get" action="/verify"');
    expect(html).toContain('data-verdict="official"');
    const zh = await exports.default.fetch(`${BASE}/verify?q=${encodeURIComponent(`@${b}_he1p`)}`, {
      headers: { "Accept-Language": "zh-CN,zh;q=0.9" },
    });
    const zhHtml = await zh.text();
    expect(zhHtml).toContain("核实官方账号");
    expect(zhHtml).toContain('data-verdict="lookalike"');
    const empty = await exports.default.fetch(`${BASE}/verify`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).not.toContain("data-verdict");
  });

  it("rejects a JSON request without a query and an overlong query", async () => {
    const none = await exports.default.fetch(`${BASE}/verify`, { headers: { Accept: "application/json" } });
    expect(none.status).toBe(400);
    const long = await exports.default.fetch(`${BASE}/verify?q=${"a".repeat(400)}`, {
      headers: { Accept: "application/json" },
    });
    expect(long.status).toBe(400);
  });
});

describe("the anti-impersonation line", () => {
  it("ends every bot message from the outbox (zh and en), and never a staff reply", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `我的充值没有到账 ${unique()}`, languageCode: "zh" }));
    const [ack] = await waitForSent(chatId);
    expect(String(ack?.params.text).endsWith(verifyReminder("zh"))).toBe(true);
    const { ticket } = await latestTicketOfChat(chatId);
    await staffReply(ticket.id, "Please send the TxID.");
    const sent = await waitForSent(chatId, 2);
    expect(sent[1]?.params.text).toBe("Please send the TxID.");
  });
});

describe("/verify on every channel", () => {
  it("Telegram: the command answers, and the answer ends with the reminder", async () => {
    const b = brand();
    await addOfficial("telegram", `${b}_bot`);
    const chatId = newChatId();
    await deliverUpdate(commandUpdate({ chatId, command: "verify", args: `@${b}_b0t` }));
    const [sent] = await waitForSent(chatId);
    const text = String(sent?.params.text);
    expect(text).toContain("NOT ours");
    expect(text.endsWith(verifyReminder("en"))).toBe(true);
  });

  it("Discord: the slash command answers ephemerally, with the reminder", async () => {
    const b = brand();
    await addOfficial("discord_server", "1100000000000000777");
    await addOfficial("telegram", `${b}_desk`);
    const interaction = {
      ...command("verify"),
      data: { id: "1", name: "verify", type: 1, options: [{ name: "handle", type: 3, value: "1100000000000000777" }] },
    };
    const res = await postInteraction(interaction);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: number; data: { content: string; flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain("is our official Discord server");
    expect(body.data.content.endsWith(verifyReminder("en"))).toBe(true);
  });

  it("web form: a '/verify x' request is answered on its ticket, which it does not leave open", async () => {
    const b = brand();
    await addOfficial("email", `help@${b}.io`);
    const t = await webformTicket({ description: `/verify help@${b}.io` });
    const [answer] = await botMessages(t.id);
    expect(answer?.body).toContain("is our official email address");
    const { ticket } = await staffTicket(t.id);
    expect(ticket.status).toBe("resolved");
    // Delivered through the ticket's own channel: the web form shows it on the /t/ page.
    const page = await (await exports.default.fetch(`${BASE}${t.link}`)).text();
    expect(page).toContain(`help@${b}.io`);
  });
});
