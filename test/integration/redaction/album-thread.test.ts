/**
 * A phrase finished in an album's caption: the first words in a message (or two), the rest as the
 * caption of the screenshots sent next. An album's caption joins its message after ingest, as a part
 * (src/pipeline/amend.ts): it is redacted with the sender's messages before it, whose pieces are
 * redacted too, as an edit's are. Phrases are random, REDACT_SEED=<seed> replays a run.
 */
import { describe, expect, it } from "vitest";
import { albumUpdates, newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { expectSecretGone, inboundRows } from "./checks";
import { phrase, seeded } from "./cut-cases";

const r = seeded("redaction album thread");

describe("a phrase finished in an album's caption (seed printed above)", { timeout: 60_000 }, () => {
  it("redacts the caption and the messages that began it", async () => {
    for (const pieces of [1, 2]) {
      // 12 words: no piece is a phrase on its own. 18: the caption (10 to 14 words) often is, and redacted alone it
      // may keep a word or two next to its marker (`unlock [redacted: seed phrase]`): the messages before still go.
      const p = phrase(r, undefined, r.pick([12, 18] as const));
      const chatId = newChatId();
      const at = 2 + r.int(3);
      const before = p.words.slice(0, at * pieces);
      const chunks = pieces === 1 ? [before] : [before.slice(0, at), before.slice(at)];
      for (const chunk of chunks) await deliverUpdate(telegramUpdate({ chatId, text: chunk.join(" ") }));
      const caption = p.words.slice(at * pieces).join(r.pick([" ", "\n", ", "]));
      for (const part of albumUpdates(1 + r.int(3), { chatId, caption })) await deliverUpdate(part, { settled: true });
      const { ticket } = await latestTicketOfChat(chatId);
      const rows = await inboundRows(ticket.id);
      expect(
        rows.map((x) => x.redacted),
        JSON.stringify(rows),
      ).toEqual(rows.map(() => 1));
      await expectSecretGone(ticket.id, p.words);
    }
  });
});
