/** The support form (a modal) and the buttons under a ticket answer. */
import { CSAT_RATINGS, csatButtonData } from "../../src/core/csat";
import type { Language } from "../../src/core/inbound";
import { text } from "./texts";

export const SUPPORT_FORM_ID = "support_form";

/** The text inputs' custom_ids. */
export const FIELD = { subject: "subject", description: "description", uid: "uid", txid: "txid" } as const;

// Component types and styles. https://discord.com/developers/docs/components/reference
const ACTION_ROW = 1;
const BUTTON = 2;
const TEXT_INPUT = 4;
const SHORT = 1;
const PARAGRAPH = 2;
const PRIMARY = 1;
const SECONDARY = 2;

function input(
  id: string,
  label: string,
  opts: { paragraph?: boolean; required: boolean; max: number; hint?: string },
) {
  return {
    type: ACTION_ROW,
    components: [
      {
        type: TEXT_INPUT,
        custom_id: id,
        label,
        style: opts.paragraph ? PARAGRAPH : SHORT,
        required: opts.required,
        max_length: opts.max,
        ...(opts.hint ? { placeholder: opts.hint } : {}),
      },
    ],
  };
}

/** The /support modal: subject, description, and optionally the exchange UID and a TxID. */
export function supportForm(lang: Language) {
  return {
    custom_id: SUPPORT_FORM_ID,
    title: text(lang, "formTitle"),
    components: [
      input(FIELD.subject, text(lang, "subject"), { required: true, max: 120, hint: text(lang, "subjectHint") }),
      input(FIELD.description, text(lang, "description"), {
        paragraph: true,
        required: true,
        max: 3000,
        hint: text(lang, "descriptionHint"),
      }),
      input(FIELD.uid, text(lang, "uid"), { required: false, max: 64 }),
      input(FIELD.txid, text(lang, "txid"), { required: false, max: 128 }),
    ],
  };
}

/** "Talk to a human" and "Close ticket" for one ticket. custom_id stays under Discord's 100 characters. */
export function ticketButtons(lang: Language, ticketId: string) {
  return [
    {
      type: ACTION_ROW,
      components: [
        { type: BUTTON, style: PRIMARY, label: text(lang, "human"), custom_id: `human:${ticketId}` },
        { type: BUTTON, style: SECONDARY, label: text(lang, "close"), custom_id: `close:${ticketId}` },
      ],
    },
  ];
}

/** The 1-5 rating buttons under a satisfaction question (custom_id `csat:<ticketId>:<n>`). */
export function csatButtons(ticketId: string) {
  return [
    {
      type: ACTION_ROW,
      components: CSAT_RATINGS.map((n) => ({
        type: BUTTON,
        style: SECONDARY,
        label: String(n),
        custom_id: csatButtonData(ticketId, n),
      })),
    },
  ];
}
