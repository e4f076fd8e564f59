/** The admin screen of auto-assign (round-robin among agents online), in en and zh. */
import type { Language } from "../../core/inbound";

export interface AssignAdminTexts {
  intro: string;
  enabled: string;
  enabledHint: string;
  cap: string;
  capHint: string;
  onlineTitle: string;
  onlineNote: string;
  nobodyOnline: string;
  onlineUnknown: string;
  away: string;
  available: string;
  stateOn: string;
  stateOff: string;
}

const TEXTS: Record<Language, AssignAdminTexts> = {
  en: {
    intro:
      "Give each new ticket, from any channel, to the next agent online in turn. Off by default. Agents who set themselves Away in the inbox header are passed over; tickets that arrive while nobody is available stay unassigned for people to take.",
    enabled: "Assign new tickets automatically (round-robin)",
    enabledHint: "Only staff with the feed open and not away receive tickets; the bootstrap admin never does.",
    cap: "Max open tickets per agent",
    capHint: "Empty: no cap. An agent holding this many new, open or pending tickets is skipped.",
    onlineTitle: "Online now",
    onlineNote: "Who would receive the next new ticket, in turn.",
    nobodyOnline: "Nobody has the inbox open right now: new tickets stay unassigned.",
    onlineUnknown: "Could not ask the live feed who is online.",
    away: "Away",
    available: "Available",
    stateOn: "Auto-assign is on",
    stateOff: "Auto-assign is off",
  },
  zh: {
    intro:
      "把每个新工单（来自任何渠道）依次分配给下一位在线客服。默认关闭。在工作台顶部设为“离开”的客服不会被分配；无人在线时到达的工单保持未分配，由人工领取。",
    enabled: "自动分配新工单（轮流分配）",
    enabledHint: "只有打开了实时工作台且未设为离开的客服会收到工单；引导管理员（bootstrap）不会收到。",
    cap: "每位客服最多未结工单数",
    capHint: "留空表示不限。客服持有的新建、处理中或待定工单达到此数时将被跳过。",
    onlineTitle: "当前在线",
    onlineNote: "下一个新工单将依次分配给这些客服。",
    nobodyOnline: "目前无人打开工作台：新工单将保持未分配。",
    onlineUnknown: "无法从实时频道获取在线人员。",
    away: "离开",
    available: "在线",
    stateOn: "自动分配已开启",
    stateOff: "自动分配已关闭",
  },
};

/** The auto-assign screen's texts of a language. */
export function assignAdminTexts(lang: Language): AssignAdminTexts {
  return TEXTS[lang];
}
