/**
 * Every web input a customer controls (every-place.test.ts): the form's fields, files, honeypot and keys, the
 * `/t/` page's replies, the live chat's sessions, messages, files, client ids and actions, `/verify`'s query;
 * and D1 failing under them, the queue's payloads, unknown `/t/` paths (what the Worker logs).
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Env } from "../../../src/env";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { PNG_1X1 } from "../channels/webform/builders";
import { rand, sign } from "../channels/webform/chat-helpers";
import { instrumentedEnv, runApp, toRequest } from "../reliability/harness";
import { BOOTSTRAP } from "../support";
import {
  credentials,
  failingDb,
  formOf,
  type Inputs,
  json,
  nextIp,
  phraseOf,
  queuePayloads,
  settled,
  staffPost,
} from "./every-place-requests";
import { pasted } from "./every-place-scan";

export const webInputs: Inputs = {
  "web form fields and idempotency key": async (s) => {
    const res = await json("/api/tickets", {
      email: `${rand("w")}@example.com`,
      name: phraseOf(s).slice(0, 100),
      subject: `password: ${s.password}`,
      description: pasted(s),
      uid: `pwd: ${s.password}`,
      txid: `private key ${s.key}`,
      idempotencyKey: s.words.join("-").slice(0, 100),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { link } = (await res.json()) as { link: string };
    const token = link.slice("/t/".length);
    credentials.push(token);
    const reply = { body: pasted(s), idempotencyKey: s.words.join("_").slice(0, 100) };
    expect((await json(`/t/${token}/replies`, reply)).status).toBeLessThan(300);
    expect((await json(`/t/${token}/replies`, `{"body": ${JSON.stringify(pasted(s))}`)).status).toBe(400);
    const withFiles = new FormData();
    withFiles.append("body", "the files");
    withFiles.append("attachments", new File([pasted(s)], `${s.words.join("-")}.txt`, { type: "text/plain" }));
    expect((await settled(`/t/${token}/replies`, { method: "POST", body: withFiles })).status).toBeLessThan(300);
  },
  "web form email address": async (s) => {
    const email = `${s.words.join(".")}@example.com`;
    const res = await json("/api/tickets", { email, subject: "Deposit", description: "Where is my deposit?" });
    // Refused: the address is kept to answer to, so it cannot be redacted.
    expect(res.status).toBe(400);
  },
  "web form files and honeypot": async (s) => {
    const form = new FormData();
    const fields = { email: `${rand("w")}@example.com`, subject: "Screenshots", description: "see the files" };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("attachments", new File([pasted(s)], `${s.words.join(" ")}.txt`, { type: "text/plain" }));
    expect((await settled("/api/tickets", { method: "POST", body: form })).status).toBe(201);
    const bot = { ...fields, email: `${rand("w")}@example.com`, website: pasted(s), description: pasted(s) };
    expect((await json("/api/tickets", bot)).status).toBeLessThan(500);
    expect((await json("/api/tickets", `{"description": ${JSON.stringify(pasted(s))}`)).status).toBe(400);
  },
  "live chat session, messages and client ids": async (s) => {
    const userId = rand("u");
    const email = `${rand("c")}@customer.test`;
    const name = phraseOf(s).slice(0, 100);
    const identity = { userId, email, name, userHash: await sign(userId, email, name) };
    const res = await json("/api/chat/session", { identity });
    expect(res.status, await res.clone().text()).toBe(201);
    const { token } = (await res.json()) as { token: string };
    credentials.push(token);
    const auth = { Authorization: `Bearer ${token}` };
    // The whole phrase as the client id (its words drawn short enough: PHRASE_WITHIN).
    const clientId = s.words.join("_");
    expect((await json("/api/chat/messages", { clientId, text: pasted(s) }, auth)).status).toBe(201);
    const own = await json("/api/chat/messages", { clientId: rand("c"), text: pasted(s) }, auth);
    expect(own.status).toBe(201);
    const files = new FormData();
    files.append("clientId", rand("c"));
    files.append("text", "two files");
    files.append("files", new File([pasted(s)], `${s.words.join(" ")}.txt`, { type: "text/plain" }));
    files.append("files", new File([PNG_1X1], `${s.words.join("_")}.png`, { type: "image/png" }));
    expect((await settled("/api/chat/messages", { method: "POST", headers: auth, body: files })).status).toBe(201);
    const action = { clientId: rand("c"), action: phraseOf(s) };
    expect((await json("/api/chat/messages", action, auth)).status).toBe(400);
    expect((await json("/api/chat/messages", `{"text": ${JSON.stringify(pasted(s))}`, auth)).status).toBe(400);
  },
  "staff quoting it: uploads, a note and a reply": async (s) => {
    const res = await json("/api/tickets", {
      email: `${rand("w")}@example.com`,
      subject: "Hacked",
      description: "help",
    });
    const { ticket } = (await res.json()) as { ticket: { id: string } };
    const files = new FormData();
    files.append("file", new File([`From the call:\n${pasted(s)}`], "call-notes.txt", { type: "text/plain" }));
    files.append("file", new File([PNG_1X1], `${s.words.join("_")}.png`, { type: "image/png" }));
    const bearer = { Authorization: `Bearer ${BOOTSTRAP}` };
    const up = await settled(`/api/staff/tickets/${ticket.id}/uploads`, {
      method: "POST",
      headers: bearer,
      body: files,
    });
    expect(up.status, await up.clone().text()).toBe(201);
    const { uploads } = (await up.json()) as { uploads: Array<{ id: string }> };
    const attachmentIds = uploads.map((u) => u.id);
    const note = await settled(`/api/staff/tickets/${ticket.id}/notes`, staffPost({ body: pasted(s), attachmentIds }));
    expect(note.status).toBe(201);
    const reply = await settled(`/api/staff/tickets/${ticket.id}/replies`, staffPost({ body: pasted(s) }));
    expect(reply.status).toBe(201);
  },
  "verify page query": async (s) => {
    const res = await settled(`/verify?q=${encodeURIComponent(phraseOf(s))}`, { method: "GET" });
    expect(res.status).toBeLessThan(500);
  },
};

/** D1 failing under customer requests, the deliveries queue's payloads, unknown `/t/` paths. */
export const webErrors: Inputs = {
  "D1 failing under customer requests": async (s) => {
    const { link } = (await (await json("/api/tickets", formOf(s))).json()) as { link: string };
    const session = (await (await json("/api/chat/session", {})).json()) as { token: string };
    credentials.push(link.slice("/t/".length), session.token);
    const broken = { ...env, DB: failingDb() } as Env;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      runApp(
        toRequest({
          method: "POST",
          path,
          headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextIp(), ...headers },
          body: JSON.stringify(body),
        }),
        broken,
      );
    const telegram = {
      "X-Telegram-Bot-Api-Secret-Token": (env as unknown as Record<string, string>).TELEGRAM_WEBHOOK_SECRET,
    };
    for (const res of [
      await post(
        "/webhooks/telegram",
        telegramUpdate({ chatId: newChatId(), text: pasted(s) }),
        telegram as Record<string, string>,
      ),
      await post("/api/tickets", formOf(s)),
      await post(`${link}/replies`, { body: pasted(s) }),
      await post(
        "/api/chat/messages",
        { clientId: rand("c"), text: pasted(s) },
        { Authorization: `Bearer ${session.token}` },
      ),
    ])
      expect(res.status).toBeGreaterThanOrEqual(500);
  },
  "queue payloads": async (s) => {
    const measured = instrumentedEnv();
    const u = telegramUpdate({ chatId: newChatId(), text: pasted(s) });
    const secret = (env as unknown as Record<string, string>).TELEGRAM_WEBHOOK_SECRET as string;
    const headers = { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret };
    const res = await runApp(
      toRequest({ method: "POST", path: "/webhooks/telegram", headers, body: JSON.stringify(u) }),
      measured.env,
    );
    expect(res.status).toBe(200);
    expect(measured.deliveries.sent.length).toBeGreaterThan(0);
    queuePayloads.push(...measured.deliveries.sent.map((p) => JSON.stringify(p)));
  },
  "unknown and broken ticket-page paths": async (s) => {
    const res = await json("/api/tickets", {
      email: `${rand("w")}@example.com`,
      subject: "Deposit",
      description: pasted(s),
    });
    const { link } = (await res.json()) as { link: string };
    credentials.push(link.slice("/t/".length));
    for (const path of [`${link}/nothing`, `${link}/attachments/att_x`, `${link}/replies/x`]) {
      expect((await settled(path, { method: "GET" })).status).toBeGreaterThanOrEqual(400);
    }
    expect((await json(`${link}/csat`, `{"rating": ${JSON.stringify(pasted(s))}`)).status).toBeGreaterThanOrEqual(400);
  },
};
