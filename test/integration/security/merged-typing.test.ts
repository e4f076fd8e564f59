/**
 * Two chat visitors' tickets merged (two customers, confirmed): while staff type an answer to one of them, only that
 * visitor's widget shows staff typing; the other's never hears of it. A `conversationId` outside the ticket is 400.
 * `ATTACK_SEED=<seed>` replays.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type Frames, until } from "../channels/webform/chat-helpers";
import { BOOTSTRAP, call, settleDeliveries } from "../staff/helpers";
import { attackRandom } from "./attack-seed";
import { mergedChatVisitors } from "./merged-chats";

const rnd = attackRandom("merged-typing");
afterAll(() => settleDeliveries());

const typingFrames = (f: Frames, typing: boolean) =>
  f.frames.filter((x) => x.type === "typing" && x.from === "staff" && x.typing === typing);

describe("staff typing on a ticket merged from two chat visitors' tickets", { timeout: 60_000 }, () => {
  it("reaches only the visitor being answered", async () => {
    const { ta, tb, holder, sockets } = await mergedChatVisitors(rnd);
    const [answered, other] = rnd.next() < 0.5 ? [ta, tb] : [tb, ta];

    const typed = await call("POST", `/api/staff/tickets/${holder.id}/typing`, {
      token: BOOTSTRAP,
      json: { typing: true, conversationId: answered.id },
    });
    expect(typed.status, await typed.clone().text()).toBe(204);
    await until(() => typingFrames(sockets[answered.id] as Frames, true).length > 0, "the answered visitor's dots");
    // Then something for the other visitor's room, so its frames so far are all it heard.
    const stop = await call("POST", `/api/staff/tickets/${holder.id}/typing`, {
      token: BOOTSTRAP,
      json: { typing: false, conversationId: other.id },
    });
    expect(stop.status).toBe(204);
    await until(() => typingFrames(sockets[other.id] as Frames, false).length > 0, "the other room's frame");
    expect(typingFrames(sockets[other.id] as Frames, true), "the other visitor saw staff typing").toEqual([]);

    const wrong = await call("POST", `/api/staff/tickets/${holder.id}/typing`, {
      token: BOOTSTRAP,
      json: { typing: true, conversationId: `tkt_${rnd.word(20)}` },
    });
    expect(wrong.status).toBe(400);
    for (const s of Object.values(sockets)) s.ws.close();
  });
});
