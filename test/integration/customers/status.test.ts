import { describe, expect, it } from "vitest";
import { command, relayMessage, snowflake } from "../channels/discord/builders";
import { postInteraction, postRelay } from "../channels/discord/harness";
import { waitForMail } from "../channels/email/harness";
import { commandUpdate, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat, waitForSent } from "../channels/telegram/harness";
import { botMessages, emailTicket, unique, webformReply, webformTicket } from "../requests";
import { staffTicket } from "../support";

/** A Telegram customer with one ticket whose subject is unique to them. */
async function telegramCustomer() {
  const chatId = newChatId();
  const subject = `Withdrawal stuck ${unique()}`;
  await deliverUpdate(telegramUpdate({ chatId, text: subject }));
  const { ticket } = await latestTicketOfChat(chatId);
  await waitForSent(chatId); // the acknowledgement
  return { chatId, subject, number: ticket.number };
}

describe("/status lists the customer's own tickets only", () => {
  it("Telegram /status: mine, never another customer's", async () => {
    const alice = await telegramCustomer();
    const bob = await telegramCustomer();
    await deliverUpdate(commandUpdate({ chatId: alice.chatId, command: "status" }));
    const sent = await waitForSent(alice.chatId, 2);
    const text = String(sent[1]?.params.text);
    expect(text).toContain(alice.number);
    expect(text).toContain(alice.subject);
    expect(text).not.toContain(bob.number);
    expect(text).not.toContain(bob.subject);
  });

  it("Telegram 'status RD-…' of someone else's ticket says it is not yours and shows nothing of it", async () => {
    const alice = await telegramCustomer();
    const bob = await telegramCustomer();
    await deliverUpdate(telegramUpdate({ chatId: alice.chatId, text: `status ${bob.number}` }));
    const sent = await waitForSent(alice.chatId, 2);
    const text = String(sent[1]?.params.text);
    expect(text).toContain(`${bob.number} is not one of your tickets`);
    expect(text).not.toContain(bob.subject);
    // Their own number works.
    await deliverUpdate(telegramUpdate({ chatId: alice.chatId, text: `状态 ${alice.number}` }));
    const again = await waitForSent(alice.chatId, 3);
    expect(String(again[2]?.params.text)).toContain(alice.subject);
  });

  it("Discord /status: mine, never another user's", async () => {
    const alice = snowflake();
    const bob = snowflake();
    const aliceSubject = `Deposit ${unique()}`;
    const bobSubject = `KYC ${unique()}`;
    expect((await postRelay(relayMessage({ userId: alice, content: aliceSubject }))).status).toBe(200);
    expect((await postRelay(relayMessage({ userId: bob, content: bobSubject }))).status).toBe(200);
    const res = await postInteraction(command("status", { userId: alice }));
    const body = (await res.json()) as { data: { content: string } };
    expect(body.data.content).toContain(aliceSubject);
    expect(body.data.content).not.toContain(bobSubject);
  });

  it("web form: a request typed with someone else's email never lists their tickets", async () => {
    const victim = await webformTicket();
    // Anyone can type any email into the form: the answer must not depend on it.
    const attacker = await webformTicket({ email: victim.email, description: "status" });
    const [answer] = await botMessages(attacker.id);
    expect(answer?.body).not.toContain(victim.number);
    expect(answer?.body).toContain("cannot list tickets");
  });

  it("web form: on a ticket page, 'status' shows that ticket, and another number is refused", async () => {
    const mine = await webformTicket();
    const other = await webformTicket({ email: mine.email });
    await webformReply(mine.token, `status ${other.number}`);
    // The first bot message is the acknowledgement of the new ticket.
    const [, refused] = await botMessages(mine.id, 2);
    expect(refused?.body).toContain(`${other.number} is not one of your tickets`);
    await webformReply(mine.token, "status");
    const answers = await botMessages(mine.id, 3);
    expect(answers[2]?.body).toContain(mine.number);
    expect(answers[2]?.body).not.toContain(other.number);
    // The status requests joined the ticket as customer messages; nothing was lost.
    const { messages } = await staffTicket(mine.id);
    expect(messages.filter((m) => m.direction === "in").map((m) => m.body)).toContain("status");
  });

  it("'status RD-…' answers with the sender's own tickets only, by email", { timeout: 30_000 }, async () => {
    const alice = `${unique("a")}@customer.test`;
    const bob = `${unique("b")}@customer.test`;
    const aliceTicket = await emailTicket(alice, `Deposit missing ${unique()}`, "My deposit has not arrived.");
    const aliceNumber = (await staffTicket(aliceTicket)).ticket.number;

    const asked = await emailTicket(bob, "status", `status ${aliceNumber}`);
    const [answer] = await botMessages(asked);
    expect(answer?.body).toContain(`${aliceNumber} is not one of your tickets`);
    expect(answer?.body).not.toContain("Deposit missing");
    await waitForMail(bob);

    const own = await emailTicket(alice, "状态", "状态");
    const [list] = await botMessages(own);
    expect(list?.body).toContain(aliceNumber);
  });
});
