/**
 * Bob chats in the widget; an admin merges his chat ticket into Alice's web ticket (two customers, confirmed). Every
 * place Bob reads his ticket's status (his `/t/` page, the widget's session resume and history, a catch-up, the answer
 * to his message, the frame pushed to his widget and his `/t/` socket) must say the same, and the same whatever
 * Alice's ticket's status: nothing of her ticket, not even its status, reaches him. `ATTACK_SEED=<seed>` replays.
 */

import { exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { t as texts } from "../../../channels/webform/i18n";
import type { ChatTicket } from "../../../src/core/chat";
import type { TicketStatus } from "../../../src/core/ticket";
import {
  catchUp,
  chatSocket,
  type Frames,
  linkSocket,
  newSession,
  openSession,
  say,
  until,
} from "../channels/webform/chat-helpers";
import { BOOTSTRAP, call, settleDeliveries } from "../staff/helpers";
import { attackRandom } from "./attack-seed";
import { webCustomer } from "./web-customer";

const rnd = attackRandom("merged-chat-status");
afterAll(() => settleDeliveries());

/** The status Bob's `/t/` page shows, read back from its label. */
async function pageStatus(link: string): Promise<TicketStatus | null> {
  const res = await exports.default.fetch(`http://relaydesk.test${link}`, { headers: { Accept: "text/html" } });
  expect(res.status).toBe(200);
  const label = /<span class="status">([^<]*)<\/span>/.exec(await res.text())?.[1];
  for (const lang of ["en", "zh"] as const) {
    const found = Object.entries(texts(lang).statuses).find(([, l]) => l === label);
    if (found) return found[0] as TicketStatus;
  }
  return null;
}

const ticketFrames = (f: Frames, id: string) =>
  f.frames.filter((x) => (x.ticket as ChatTicket | undefined)?.id === id).map((x) => (x.ticket as ChatTicket).status);

describe("a chat ticket merged into another customer's ticket", { timeout: 90_000 }, () => {
  it("shows one status everywhere Bob looks, whatever Alice's ticket's status", async () => {
    const alice = await webCustomer("alice");
    const bob = await newSession();
    const first = await say(bob.token, `bob chat ${rnd.word(16)}`);
    const bobTicket = first.ticket;
    const merged = await call("POST", `/api/staff/tickets/${bobTicket.id}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: alice.id, confirmDifferentCustomers: true },
    });
    expect(merged.status, await merged.clone().text()).toBe(200);

    const order = (["open", "pending", "resolved"] as const).slice().sort(() => rnd.next() - 0.5);
    const seen = new Set<string | null>();
    for (const status of order) {
      const set = await call("PATCH", `/api/staff/tickets/${alice.id}`, {
        token: BOOTSTRAP,
        json: { status, confirm: true },
      });
      expect(set.status, await set.clone().text()).toBe(200);
      const where = `(Alice's ticket ${status})`;
      const page = await pageStatus(bobTicket.link);
      seen.add(page);

      const resumed = await openSession({ token: bob.token });
      expect([200, 201]).toContain(resumed.status);
      const view = (await resumed.json()) as { ticket: ChatTicket | null; history: ChatTicket[] };
      const mine = [view.ticket, ...view.history].find((x) => x?.id === bobTicket.id);
      expect(mine?.status, `the widget's session ${where}`).toBe(page);

      const caught = (await (await catchUp(bob.token)).json()) as { ticket: ChatTicket | null };
      expect(caught.ticket?.id).toBe(bobTicket.id);
      expect(caught.ticket?.status, `a catch-up ${where}`).toBe(page);

      const sock = await chatSocket(bob.token);
      const live = await linkSocket(bobTicket.link);
      const said = await say(bob.token, `bob again ${rnd.word(16)}`);
      // Bob's message lands on Alice's ticket (the merge holds his conversation): his answer names his own ticket.
      expect(said.ticket.id).toBe(bobTicket.id);
      expect(said.ticket.status, `the answer to Bob's message ${where}`).toBe(page);
      await until(() => ticketFrames(sock, bobTicket.id).length > 0, "the widget's frame of Bob's message");
      await until(() => ticketFrames(live, bobTicket.id).length > 0, "the /t/ socket's frame of Bob's message");
      for (const s of [...ticketFrames(sock, bobTicket.id), ...ticketFrames(live, bobTicket.id)]) {
        expect(s, `a pushed frame ${where}`).toBe(page);
      }
      sock.ws.close();
      live.ws.close();
    }
    expect([...seen], "Bob's page shows one status whatever Alice's ticket's is").toEqual(["open"]);
  });
});
