/** The header's away switch: an agent who is away is passed over by auto-assign. The feed hub keeps the state. */
import { T } from "./boot";
import { byId } from "./dom";
import { feed } from "./feed";

let away = false;

/** Shows what the hub says (its hello, or its answer to a switch from any of this agent's tabs). */
export function showAvailability(isAway: boolean): void {
  away = isAway;
  const button = byId("rd-away");
  if (!button) return;
  button.setAttribute("aria-checked", String(!isAway));
  button.textContent = isAway ? T.assign.away : T.assign.available;
}

/** Pressing the switch asks the hub; the button changes when the hub answers (on every tab of this agent). */
export function initAvailability(): void {
  byId("rd-away")?.addEventListener("click", () => {
    const ws = feed.ws;
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "availability", away: !away }));
  });
}
