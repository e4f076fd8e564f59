/**
 * Two chat visitors whose tickets an admin merged (two customers, confirmed), each with the widget's socket open: the
 * setting of the merged-conversation attack tests. Which ticket holds the merge is drawn from the test's seed.
 */
import { expect } from "vitest";
import { chatSocket, newSession, say } from "../channels/webform/chat-helpers";
import { BOOTSTRAP, call } from "../staff/helpers";
import type { attackRandom } from "./attack-seed";

export async function mergedChatVisitors(rnd: ReturnType<typeof attackRandom>) {
  const alice = await newSession();
  const bob = await newSession();
  const ta = (await say(alice.token, `alice ${rnd.word(12)}`)).ticket;
  const tb = (await say(bob.token, `bob ${rnd.word(12)}`)).ticket;
  const [holder, merged] = rnd.next() < 0.5 ? [ta, tb] : [tb, ta];
  const res = await call("POST", `/api/staff/tickets/${merged.id}/merge`, {
    token: BOOTSTRAP,
    json: { intoId: holder.id, confirmDifferentCustomers: true },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const sockets = { [ta.id]: await chatSocket(alice.token), [tb.id]: await chatSocket(bob.token) };
  return { ta, tb, holder, sockets };
}
