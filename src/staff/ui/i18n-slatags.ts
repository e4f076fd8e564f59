/** Inbox texts of the SLA timers (list countdown, the ticket's three clocks) and of tags (chips, the tag filter). */

import type { Language } from "../../core/inbound";
import type { DurationUnits, SlaTimerKind } from "../../core/sla-timers";

export interface SlaTagTexts {
  /** The clocks by kind. */
  timers: Record<SlaTimerKind, string>;
  /** The heading of the ticket's clocks (for screen readers). */
  timersLabel: string;
  /** A countdown's title: `{kind}` due `{time}`. */
  dueTitle: string;
  /** Said with a countdown under a quarter of its target, and with one past due (not by colour alone). */
  soon: string;
  overdue: string;
  /** A clock that does not run: its target was met, missed, or there is nothing to wait for. */
  met: string;
  missed: string;
  idle: string;
  units: DurationUnits;
  /** The tag filter. */
  tag: string;
  anyTag: string;
  /** A chip's label: `{tag}`. */
  filterByTag: string;
}

const EN: SlaTagTexts = {
  timers: { first_response: "First response", next_response: "Next response", resolution: "Resolution" },
  timersLabel: "SLA timers",
  dueTitle: "{kind} due {time}",
  soon: "due soon",
  overdue: "overdue",
  met: "Met",
  missed: "Missed",
  idle: "Not running",
  units: { d: "d", h: "h", m: "m", sep: " " },
  tag: "Tag",
  anyTag: "Any tag",
  filterByTag: "Show tickets tagged {tag}",
};

const ZH: SlaTagTexts = {
  timers: { first_response: "首次响应", next_response: "后续响应", resolution: "解决" },
  timersLabel: "SLA 计时",
  dueTitle: "{kind}截止 {time}",
  soon: "即将到期",
  overdue: "已超时",
  met: "已达成",
  missed: "未达成",
  idle: "未计时",
  units: { d: "天", h: "小时", m: "分", sep: "" },
  tag: "标签",
  anyTag: "全部标签",
  filterByTag: "只看标签为 {tag} 的工单",
};

export function slaTagTexts(lang: Language): SlaTagTexts {
  return lang === "zh" ? ZH : EN;
}
