/**
 * Staff attach files to replies: uploads checked with the customers' own rules, a reply carrying them,
 * the file reaching the channel (Telegram's fake Bot API as a real multipart upload), a retry that does
 * not send it twice, and a web-form customer's /t/ page that serves it to that ticket's link only.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, fakeTelegram, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { createTicket } from "../channels/webform/builders";
import { deliveryOf } from "../support";
import { BASE, BOOTSTRAP, call, count, customerWrites, settleDeliveries, staffWithToken } from "./helpers";

afterAll(() => settleDeliveries());

const MAX_BYTES = Number(env.ATTACHMENT_MAX_BYTES ?? 10 * 1024 * 1024);
const MAX_COUNT = Number(env.ATTACHMENT_MAX_COUNT ?? 5);

/** A PNG of `n` random bytes after its signature (fresh each run). */
function png(n = 64): Uint8Array {
  const body = crypto.getRandomValues(new Uint8Array(n));
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...body]);
}
function pdf(): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);
}
async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

type Part = { name: string; type: string; data: Uint8Array };

async function upload(ticketId: string, files: Part[], token = BOOTSTRAP): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append("file", new File([f.data], f.name, { type: f.type }));
  return exports.default.fetch(`${BASE}/api/staff/tickets/${ticketId}/uploads`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
}

async function uploaded(ticketId: string, files: Part[], token = BOOTSTRAP) {
  const res = await upload(ticketId, files, token);
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { uploads: Array<{ id: string; filename: string; size: number }> }).uploads;
}

async function reply(ticketId: string, json: unknown, token = BOOTSTRAP) {
  return call("POST", `/api/staff/tickets/${ticketId}/replies`, { token, json });
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("POST /api/staff/tickets/:id/uploads", () => {
  it("checks size, count, type and content like a customer's upload, and stores nothing refused", async () => {
    const t = await customerWrites(`upload limits ${crypto.randomUUID()}`);
    const before = await count("SELECT COUNT(*) AS n FROM staff_uploads WHERE ticket_id = ?1", t.id);
    const lying = [
      { name: "photo.png", type: "image/png", data: new TextEncoder().encode("<html><script>alert(1)</script>") },
      { name: "logo.png", type: "image/svg+xml", data: new TextEncoder().encode("<svg onload=alert(1)>") },
      { name: "scan.pdf", type: "application/pdf", data: png() },
      { name: "a.exe", type: "application/x-msdownload", data: Uint8Array.from([0x4d, 0x5a, 1, 2]) },
    ];
    for (const f of lying) {
      const res = await upload(t.id, [f]);
      expect(res.status, f.name).toBe(415);
      expect(await errorCode(res)).toBe("attachment_type_not_allowed");
    }
    const big = new Uint8Array(MAX_BYTES + 1);
    big.set(png(8));
    const tooBig = await upload(t.id, [{ name: "big.png", type: "image/png", data: big }]);
    expect(tooBig.status).toBe(413);
    expect(await errorCode(tooBig)).toBe("attachment_too_large");
    const many = Array.from({ length: MAX_COUNT + 1 }, (_, i) => ({
      name: `${i}.png`,
      type: "image/png",
      data: png(),
    }));
    const tooMany = await upload(t.id, many);
    expect(tooMany.status).toBe(413);
    expect(await errorCode(tooMany)).toBe("too_many_attachments");
    // A valid file next to a bad one: nothing of the request is kept.
    expect((await upload(t.id, [{ name: "ok.png", type: "image/png", data: png() }, lying[0] as Part])).status).toBe(
      415,
    );
    expect(await count("SELECT COUNT(*) AS n FROM staff_uploads WHERE ticket_id = ?1", t.id)).toBe(before);

    const json = await call("POST", `/api/staff/tickets/${t.id}/uploads`, { token: BOOTSTRAP, json: { file: "x" } });
    expect(json.status).toBe(415);
    expect((await upload("tkt_doesnotexist", [{ name: "a.png", type: "image/png", data: png() }])).status).toBe(404);
    expect((await upload(t.id, [{ name: "a.png", type: "image/png", data: png() }], "nope")).status).toBe(401);
  });

  it("a reply may carry only the sender's own unsent uploads of this ticket, once", async () => {
    const t = await customerWrites(`upload owner ${crypto.randomUUID()}`);
    const other = await customerWrites(`other ticket ${crypto.randomUUID()}`);
    const agent = await staffWithToken("agent");
    const [mine] = await uploaded(t.id, [{ name: "收据.png", type: "image/png", data: png() }]);
    const [elsewhere] = await uploaded(other.id, [{ name: "x.png", type: "image/png", data: png() }]);
    // Another agent, another ticket's upload, an unknown id: 400, and no message written.
    const messagesBefore = await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", t.id);
    for (const [ids, token] of [
      [[mine?.id], agent.token],
      [[elsewhere?.id], BOOTSTRAP],
      [["att_nosuchupload"], BOOTSTRAP],
      [[mine?.id, mine?.id], BOOTSTRAP],
    ] as const) {
      const res = await reply(t.id, { body: "see file", attachmentIds: ids }, token);
      expect(res.status).toBe(400);
    }
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", t.id)).toBe(messagesBefore);
    // Empty text with a file is a reply; empty text without one is not.
    expect((await reply(t.id, { body: "  " })).status).toBe(400);
    const ok = await reply(t.id, { body: "", attachmentIds: [mine?.id] });
    expect(ok.status).toBe(201);
    const { message } = (await ok.json()) as {
      message: { id: string; attachments: Array<{ id: string; filename: string }> };
    };
    expect(message.attachments).toEqual([expect.objectContaining({ id: mine?.id, filename: "收据.png" })]);
    // Sent once: a second message cannot take it again, and the uploader can no longer remove it.
    expect((await reply(t.id, { body: "again", attachmentIds: [mine?.id] })).status).toBe(400);
    expect((await call("DELETE", `/api/staff/tickets/${t.id}/uploads/${mine?.id}`, { token: BOOTSTRAP })).status).toBe(
      404,
    );
    // An unsent upload is removable by its owner only.
    const [spare] = await uploaded(t.id, [{ name: "spare.pdf", type: "application/pdf", data: pdf() }]);
    expect(
      (await call("DELETE", `/api/staff/tickets/${t.id}/uploads/${spare?.id}`, { token: agent.token })).status,
    ).toBe(404);
    expect((await call("DELETE", `/api/staff/tickets/${t.id}/uploads/${spare?.id}`, { token: BOOTSTRAP })).status).toBe(
      204,
    );
    expect(await count("SELECT COUNT(*) AS n FROM staff_uploads WHERE id = ?1", spare?.id)).toBe(0);
  });

  it("a note carries files too and they never leave Relaydesk", async () => {
    const t = await customerWrites(`note file ${crypto.randomUUID()}`);
    const [u] = await uploaded(t.id, [{ name: "internal.pdf", type: "application/pdf", data: pdf() }]);
    const res = await call("POST", `/api/staff/tickets/${t.id}/notes`, {
      token: BOOTSTRAP,
      json: { body: "", attachmentIds: [u?.id] },
    });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: string; direction: string; attachments: unknown[] } };
    expect(message.direction).toBe("note");
    expect(message.attachments).toHaveLength(1);
    const got = await call("GET", `/api/staff/attachments/${u?.id}`, { token: BOOTSTRAP });
    expect(got.headers.get("Content-Type")).toBe("application/pdf");
    expect(got.headers.get("Content-Disposition")).toMatch(/^inline;/);
  });
});

describe("a staff reply with files, through the channel", { timeout: 60_000 }, () => {
  it("Telegram: the image goes as sendPhoto and the PDF as sendDocument, multipart with the very bytes", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `Where is my withdrawal ${chatId}` }));
    await waitForSent(chatId);
    const { ticket } = await latestTicketOfChat(chatId);
    const [image, doc] = [png(300), pdf()];
    const ups = await uploaded(ticket.id, [
      { name: "proof.png", type: "image/png", data: image },
      { name: "对账单.pdf", type: "application/pdf", data: doc },
    ]);
    const res = await reply(ticket.id, { body: "Here is the proof.", attachmentIds: ups.map((u) => u.id) });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: string } };
    await deliveryOf(ticket.id, message.id, (s) => s === "sent");
    const photo = await waitForSent(chatId, 1, "sendPhoto");
    const document = await waitForSent(chatId, 1, "sendDocument");
    expect(photo[0]?.files).toEqual([
      expect.objectContaining({ filename: "proof.png", size: image.byteLength, sha256: await sha256(image) }),
    ]);
    expect(document[0]?.files).toEqual([expect.objectContaining({ size: doc.byteLength, sha256: await sha256(doc) })]);
    const texts = (await fakeTelegram.calls({ chatId, method: "sendMessage" })).map((c) => c.params.text);
    expect(texts.filter((x) => x === "Here is the proof.")).toHaveLength(1);
  });

  it("Telegram: a file upload that fails is retried without sending the text or the file twice", async () => {
    const chatId = newChatId();
    await deliverUpdate(telegramUpdate({ chatId, text: `KYC rejected ${chatId}` }));
    await waitForSent(chatId);
    const { ticket } = await latestTicketOfChat(chatId);
    const image = png(120);
    const [u] = await uploaded(ticket.id, [{ name: "steps.png", type: "image/png", data: image }]);
    await fakeTelegram.fail({ chat_id: chatId, method: "sendPhoto", error_code: 500 });
    const res = await reply(ticket.id, { body: "Follow these steps.", attachmentIds: [u?.id] });
    const { message } = (await res.json()) as { message: { id: string } };
    const sent = await deliveryOf(ticket.id, message.id, (s) => s === "sent");
    expect(sent.delivery?.attempts).toBe(2);
    const photos = await fakeTelegram.calls({ chatId, method: "sendPhoto" });
    expect(photos.map((c) => c.failedWith ?? 200)).toEqual([500, 200]);
    const texts = (await fakeTelegram.calls({ chatId, method: "sendMessage" })).filter(
      (c) => c.params.text === "Follow these steps." && !c.failedWith,
    );
    expect(texts).toHaveLength(1);
    expect(await count("SELECT COUNT(*) AS n FROM message_parts WHERE message_id = ?1", message.id)).toBe(2);
  });

  it("web form: the customer downloads the file from their /t/ page; another customer's link cannot reach it", async () => {
    const a = await createTicket();
    const b = await createTicket();
    const doc = pdf();
    const [u] = await uploaded(a.created.ticket.id, [{ name: "guide.pdf", type: "application/pdf", data: doc }]);
    const res = await reply(a.created.ticket.id, { body: "The guide is attached.", attachmentIds: [u?.id] });
    expect(res.status).toBe(201);
    const page = await (await exports.default.fetch(`${BASE}/t/${a.token}`)).text();
    expect(page).toContain(`/t/${a.token}/attachments/${u?.id}`);
    const got = await exports.default.fetch(`${BASE}/t/${a.token}/attachments/${u?.id}`);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(doc);
    expect(got.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    // B's link, a guessed link, and B's page: nothing of A's file.
    expect((await exports.default.fetch(`${BASE}/t/${b.token}/attachments/${u?.id}`)).status).toBe(404);
    // (Its last two characters changed, never to themselves: "xx" alone is B's own token 1 time in 4,096.)
    const guessed = `${b.token.slice(0, -2)}${b.token.endsWith("xx") ? "yy" : "xx"}`;
    expect((await exports.default.fetch(`${BASE}/t/${guessed}/attachments/${u?.id}`)).status).toBe(404);
    expect(await (await exports.default.fetch(`${BASE}/t/${b.token}`)).text()).not.toContain(u?.id ?? "?");
  });
});
