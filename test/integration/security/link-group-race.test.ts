/**
 * `/link` groups stay one level deep and whole when codes are redeemed at the same moment. Generated desks of Discord
 * accounts (some with a ticket, some new to us) join in random groups one link at a time, then two redemptions run at
 * once: a chain (A types B's code while C types A's), a crossing (A types B's code while B types A's), or two
 * members of different groups. Every account a "Linked" answer joined ends in one group with the code's owner, every
 * contact's `linked_to_id` names a contact that is in no other group (no chain, no cycle, no self-link), and every
 * member's staff panel lists the whole group's accounts. And a customer's `/t/` page is handed its own account only,
 * whatever its group: staff's ticket lists every account of the group. Seed printed (`ATTACK_SEED=n` replays).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getCustomerView } from "../../../src/store/ticket-access";
import { command, relayMessage, snowflake } from "../channels/discord/builders";
import { postInteraction, postRelay } from "../channels/discord/harness";
import { api } from "../requests";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("link-group-race");
const CODE = /([0-9A-Z]{4}-[0-9A-Z]{4})/;

async function slashLink(userId: string, code?: string): Promise<string> {
  const options = code ? [{ name: "code", type: 3, value: code }] : [];
  const res = await postInteraction({
    ...command("link", { userId }),
    data: { id: "1", name: "link", type: 1, options },
  });
  return ((await res.json()) as { data: { content: string } }).data.content;
}

async function issue(userId: string): Promise<string> {
  const code = CODE.exec(await slashLink(userId))?.[1];
  if (!code) throw new Error(`no code for ${userId}`);
  return code;
}

/** Union-find over account ids: the groups the "Linked" answers promised. */
class Groups {
  private parent = new Map<string, string>();
  root(a: string): string {
    const p = this.parent.get(a) ?? a;
    if (p === a) return a;
    const r = this.root(p);
    this.parent.set(a, r);
    return r;
  }
  join(a: string, b: string): void {
    const [x, y] = [this.root(a), this.root(b)];
    if (x !== y) this.parent.set(x, y);
  }
}

async function contactOf(userId: string): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT contact_id FROM channel_identities WHERE channel = 'discord' AND external_id = ?1",
  )
    .bind(userId)
    .first<{ contact_id: string }>();
  return row?.contact_id as string;
}

/** Redeems `code` as `userId`, recording a join when the answer says so. */
async function redeem(groups: Groups, userId: string, owner: string, code: string): Promise<string> {
  const answer = await slashLink(userId, code);
  if (answer.startsWith("Linked")) groups.join(userId, owner);
  return answer;
}

describe("link groups", { timeout: 120_000 }, () => {
  it("stay one level deep and whole under concurrent redemptions", async () => {
    for (let round = 0; round < 10; round++) {
      const why = `round ${round} (ATTACK_SEED=${rnd.seed})`;
      const accounts = Array.from({ length: 4 + Math.floor(rnd.next() * 3) }, () => snowflake());
      for (const a of accounts) {
        if (rnd.next() < 0.7)
          expect((await postRelay(relayMessage({ userId: a, content: `hi ${rnd.word(6)}` }))).status).toBe(200);
      }
      const groups = new Groups();
      // Some links one at a time.
      const sequential = Math.floor(rnd.next() * 3);
      for (let i = 0; i < sequential; i++) {
        const [owner, redeemer] = [rnd.pick(accounts), rnd.pick(accounts)];
        if (owner !== redeemer) await redeem(groups, redeemer, owner, await issue(owner));
      }
      // Then two at once.
      const [a, b, c] = shuffle(accounts).slice(0, 3) as [string, string, string];
      const shape = rnd.pick(["chain", "cross", "apart"] as const);
      const pairs: Array<[string, string]> =
        shape === "chain"
          ? [
              [a, b],
              [c, a],
            ]
          : shape === "cross"
            ? [
                [a, b],
                [b, a],
              ]
            : [
                [a, b],
                [c, accounts.find((x) => ![a, b, c].includes(x)) as string],
              ];
      const codes = new Map<string, string>();
      for (const [, owner] of pairs) if (!codes.has(owner)) codes.set(owner, await issue(owner));
      const answers = await Promise.all(
        pairs.map(([redeemer, owner]) => redeem(groups, redeemer, owner, codes.get(owner) as string)),
      );
      const at = `${why}: ${shape} ${JSON.stringify(pairs)} answered ${JSON.stringify(answers)}`;

      const contacts = new Map<string, string>();
      for (const x of accounts) {
        const contact = await contactOf(x);
        if (contact) contacts.set(x, contact);
      }
      const ids = [...contacts.values()];
      const { results } = await env.DB.prepare(
        "SELECT id, linked_to_id FROM contacts WHERE id IN (SELECT value FROM json_each(?1))",
      )
        .bind(JSON.stringify(ids))
        .all<{ id: string; linked_to_id: string | null }>();
      const linkedTo = new Map(results.map((r) => [r.id, r.linked_to_id]));
      for (const [id, to] of linkedTo) {
        if (to === null) continue;
        expect(to, `${at}: ${id} linked to itself`).not.toBe(id);
        const next = (
          await env.DB.prepare("SELECT linked_to_id FROM contacts WHERE id = ?1")
            .bind(to)
            .first<{ linked_to_id: string | null }>()
        )?.linked_to_id;
        expect(next ?? null, `${at}: ${id} -> ${to} -> ${next}`).toBe(null);
      }
      // Each member's staff panel lists exactly the accounts its group holds.
      for (const [x, contact] of contacts) {
        const want = [...contacts.keys()].filter((y) => groups.root(y) === groups.root(x)).sort();
        const panel = (await (await api("GET", `/api/staff/contacts/${contact}`)).json()) as {
          contact: { identities: Array<{ channel: string; externalId: string }> };
        };
        const shown = panel.contact.identities.map((i) => i.externalId).filter((e) => accounts.includes(e));
        expect(shown.sort(), `${at}: the panel of ${x}`).toEqual(want);
      }
    }
  });

  it("a customer's /t/ page is handed its own account only; staff's ticket, the group's", async () => {
    for (let round = 0; round < 4; round++) {
      const why = `round ${round} (ATTACK_SEED=${rnd.seed})`;
      const accounts = Array.from({ length: 2 + Math.floor(rnd.next() * 3) }, () => snowflake());
      for (const a of accounts) {
        expect((await postRelay(relayMessage({ userId: a, content: `hi ${rnd.word(6)}` }))).status).toBe(200);
      }
      const groups = new Groups();
      for (const redeemer of accounts.slice(1)) {
        const owner = rnd.pick(accounts.slice(0, accounts.indexOf(redeemer)));
        expect(await redeem(groups, redeemer, owner, await issue(owner)), why).toMatch(/^Linked/);
      }
      for (const a of accounts) {
        const t = await env.DB.prepare("SELECT id, access_token FROM tickets WHERE conversation_key = ?1")
          .bind(`discord:dm:${a}`)
          .first<{ id: string; access_token: string }>();
        const view = await getCustomerView(env.DB, t?.access_token as string);
        expect(
          view?.ticket.contact.identities.map((i) => i.externalId),
          `${why}: the /t/ page of ${a}'s ticket`,
        ).toEqual([a]);
        const staff = (await (await api("GET", `/api/staff/tickets/${t?.id}`)).json()) as {
          ticket: { contact: { identities: Array<{ externalId: string }> } };
        };
        expect(staff.ticket.contact.identities.map((i) => i.externalId).sort(), why).toEqual([...accounts].sort());
      }
    }
  });
});

function shuffle<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
