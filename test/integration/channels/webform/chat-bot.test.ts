/** Bot first: the acknowledgement carries the quick replies; a topic button is a customer message; "human" answers with the queue. */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../../../src/core/chat";
import { staffTicket, waitFor } from "../../support";
import { catchUp, chatSocket, newSession, postChat, rand, until } from "./chat-helpers";

async function botMessages(token: string, count: number): Promise<ChatMessage[]> {
  return waitFor(async () => {
    const body = (await (await catchUp(token)).json()) as { messages: ChatMessage[] };
    const bots = body.messages.filter((m) => m.author === "bot");
    return bots.length >= count ? bots : undefined;
  }, `${count} bot messages`);
}

describe("live chat bot", () => {
  it("acknowledges with quick-reply buttons, pushed live, and a topic button is categorised", async () => {
    const s = await newSession({ lang: "zh" });
    const sock = await chatSocket(s.token);
    const res = await postChat(s.token, { clientId: rand("c"), action: "topic:withdrawal" });
    expect(res.status).toBe(201);
    const { message, ticket } = (await res.json()) as { message: ChatMessage; ticket: { id: string } };
    expect(message.body).toContain("提现");
    const [ack] = await botMessages(s.token, 1);
    expect(ack?.buttons?.flat().map((b) => b.data)).toEqual(expect.arrayContaining(["human", "topic:deposit"]));
    await until(
      () => sock.frames.some((f) => f.type === "message" && (f.message as ChatMessage).id === ack?.id),
      "ack pushed by the delivery step",
    );
    expect((await staffTicket(ticket.id)).ticket.category).toBe("withdrawal");
    sock.ws.close();
  });

  it("a knowledge-base answer in chat points at the widget's own button, not a word to type (en and zh)", async () => {
    for (const [lang, text, button, word] of [
      ["en", `My deposit has not arrived after 2 hours ${rand()}`, '"Talk to a person"', 'reply "human"'],
      ["zh", `我的充值还没有到账 ${rand()}`, "“转人工”", "回复“人工”"],
    ] as const) {
      const s = await newSession({ lang });
      await postChat(s.token, { clientId: rand("c"), text });
      const bots = await waitFor(async () => {
        const body = (await (await catchUp(s.token)).json()) as { messages: ChatMessage[] };
        return body.messages.find((m) => m.author === "bot" && m.body.includes(button));
      }, `${lang} answer naming the button`);
      expect(bots.body).not.toContain(word);
    }
  });

  it("answers a request for a person with the place in the queue and the wait (or says the desk is closed)", async () => {
    const s = await newSession({ lang: "en" });
    await postChat(s.token, { clientId: rand("c"), text: `My login fails ${rand()}` });
    const res = await postChat(s.token, { clientId: rand("c"), action: "human" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { message: ChatMessage }).message.body).toBe("Talk to a person");
    const bots = await waitFor(async () => {
      const body = (await (await catchUp(s.token)).json()) as { messages: ChatMessage[] };
      const handoff = body.messages.find(
        (m) => m.author === "bot" && /ahead of you|outside business hours/.test(m.body),
      );
      return handoff;
    }, "hand-off answer");
    expect(bots.body).toMatch(/expected wait is (a few minutes|about \d+ (minutes|hours?))|outside business hours/);
  });
});
