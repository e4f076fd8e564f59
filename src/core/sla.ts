/** SLA policy: when a first answer is due. */
import type { Priority } from "./ticket";

/** Hours until a first response is due, by priority, scaled from the configured normal target. */
const PRIORITY_FACTOR: Record<Priority, number> = { urgent: 0.125, high: 0.5, normal: 1, low: 2 };

/** The moment a first response is due for a ticket opened at `openedAt`. */
export function firstResponseDue(openedAt: Date, priority: Priority, normalHours: number): Date {
  return new Date(openedAt.getTime() + normalHours * PRIORITY_FACTOR[priority] * 3_600_000);
}

/** Hours the customer should expect to wait, rounded for display (at least 1). */
export function expectedResponseHours(priority: Priority, normalHours: number): number {
  return Math.max(1, Math.round(normalHours * PRIORITY_FACTOR[priority]));
}
