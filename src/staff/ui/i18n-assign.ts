/** Inbox texts of auto-assign and collisions: the away toggle in the header, and the compose box's warning when another agent is typing or has replied. */
import type { Language } from "../../core/inbound";

export interface AssignTexts {
  /** The header toggle while available (pressing it turns "away" on). */
  available: string;
  away: string;
  /** The toggle's tooltip / accessible description. */
  awayHint: string;
  /** `{names}` is / are typing a reply… */
  typingOne: string;
  typingMany: string;
  /** `{name}` replied `{seconds}` s ago, since your draft began. */
  replied: string;
  /** The question on Send while there is a collision. */
  confirmTyping: string;
  confirmReplied: string;
  sendAnyway: string;
  cancel: string;
  /** Joining names: " and " / "和", ", " / "、". */
  and: string;
  comma: string;
  /** Shown once on a ticket auto-assign gave to me. */
  autoAssignedToYou: string;
}

const TEXTS: Record<Language, AssignTexts> = {
  en: {
    available: "Available",
    away: "Away",
    awayHint: "Away: auto-assign passes you over for new tickets. Press to switch.",
    typingOne: "{names} is typing a reply…",
    typingMany: "{names} are typing a reply…",
    replied: "{name} replied {seconds} s ago, after you started this draft.",
    confirmTyping: "{names} is typing a reply on this ticket — send anyway?",
    confirmReplied: "{name} replied {seconds} s ago — send anyway?",
    sendAnyway: "Send anyway",
    cancel: "Cancel",
    and: " and ",
    comma: ", ",
    autoAssignedToYou: "Auto-assigned to you",
  },
  zh: {
    available: "在线",
    away: "离开",
    awayHint: "离开：自动分配不会把新工单分给你。点击切换。",
    typingOne: "{names} 正在输入回复…",
    typingMany: "{names} 正在输入回复…",
    replied: "{name} 在 {seconds} 秒前已回复（在你开始起草之后）。",
    confirmTyping: "{names} 正在此工单输入回复，仍要发送吗？",
    confirmReplied: "{name} 在 {seconds} 秒前已回复，仍要发送吗？",
    sendAnyway: "仍然发送",
    cancel: "取消",
    and: "和",
    comma: "、",
    autoAssignedToYou: "已自动分配给你",
  },
};

/** The auto-assign and collision texts of a language. */
export function assignTexts(lang: Language): AssignTexts {
  return TEXTS[lang];
}
