/**
 * Two chat visitors' tickets merged (two customers, confirmed): when an agent reads the ticket, each visitor's widget
 * shows "seen", each in its own room (before, only the visitor whose ticket holds the merge heard of it). A frame for
 * one room never names the other's ticket. `ATTACK_SEED=<seed>` replays.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type Frames, until } from "../channels/webform/chat-helpers";
import { BOOTSTRAP, call, settleDeliveries } from "../staff/helpers";
import { attackRandom } from "./attack-seed";
import { mergedChatVisitors } from "./merged-chats";

const rnd = attackRandom("merged-read");
afterAll(() => settleDeliveries());

const reads = (f: Frames) => f.frames.filter((x) => x.type === "read" && x.by === "staff");

describe("an agent reading a ticket merged from two chat visitors' tickets", { timeout: 60_000 }, () => {
  it("shows 'seen' to each visitor, in their own room only", async () => {
    const { ta, tb, holder, sockets } = await mergedChatVisitors(rnd);

    const read = await call("POST", `/api/staff/tickets/${holder.id}/read`, { token: BOOTSTRAP });
    expect(read.status, await read.clone().text()).toBe(204);
    for (const t of [ta, tb]) await until(() => reads(sockets[t.id] as Frames).length > 0, `'seen' for ${t.id}`);
    for (const [mine, theirs] of [
      [ta, tb],
      [tb, ta],
    ] as const) {
      const heard = JSON.stringify((sockets[mine.id] as Frames).frames);
      expect(heard.includes(theirs.id), "a frame named the other visitor's ticket").toBe(false);
    }
    for (const s of Object.values(sockets)) s.ws.close();
  });
});
