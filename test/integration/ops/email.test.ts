import { describe, expect, it } from "vitest";
import { receive, SUPPORT, ticketOf, waitForMail } from "../channels/email/harness";
import { botMessages, resolveTicket, staffTicket, unique, waitFor } from "./helpers";

/** A plain-text email from `from`, run through the Worker's email() handler; returns its ticket id. */
async function mail(from: string, subject: string, body: string): Promise<string> {
  const messageId = `<${unique("m")}@customer.test>`;
  const raw = [
    `From: Customer <${from}>`,
    `To: ${SUPPORT}`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
  const { rejected } = await receive(raw, { from });
  expect(rejected).toEqual([]);
  return ticketOf(messageId);
}

describe("status and CSAT by email", { timeout: 30_000 }, () => {
  it("'status RD-…' answers with the sender's own tickets only, by email", async () => {
    const alice = `${unique("a")}@customer.test`;
    const bob = `${unique("b")}@customer.test`;
    const aliceTicket = await mail(alice, `Deposit missing ${unique()}`, "My deposit has not arrived.");
    const aliceNumber = (await staffTicket(aliceTicket)).ticket.number;

    const asked = await mail(bob, "status", `status ${aliceNumber}`);
    const [answer] = await botMessages(asked);
    expect(answer?.body).toContain(`${aliceNumber} is not one of your tickets`);
    expect(answer?.body).not.toContain("Deposit missing");
    await waitForMail(bob);

    const own = await mail(alice, "状态", "状态");
    const [list] = await botMessages(own);
    expect(list?.body).toContain(aliceNumber);
  });

  it("resolving an email ticket mails a link to rate it on the /t/ page", async () => {
    const carol = `${unique("c")}@customer.test`;
    const ticketId = await mail(carol, `KYC rejected ${unique()}`, "Why was my KYC rejected?");
    expect((await resolveTicket(ticketId)).status).toBe(200);
    const question = await waitFor(async () => {
      const { messages } = await staffTicket(ticketId);
      const q = messages.find((m) => m.author === "bot" && m.body.includes("#csat"));
      return q?.delivery?.status === "sent" ? q : undefined;
    }, "the CSAT question sent by email");
    expect(question.body).toMatch(/\/t\/[A-Za-z0-9_-]{20,}#csat/);
  });
});
