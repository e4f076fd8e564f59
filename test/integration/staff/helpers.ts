import { exports } from "cloudflare:workers";
import { BOOTSTRAP } from "../support";

export { BOOTSTRAP, count } from "../support";

export const BASE = "http://relaydesk.test";

/** Calls the Worker with an optional bearer token and JSON body. */
export async function call(
  method: string,
  path: string,
  opts: { token?: string | null; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  return exports.default.fetch(`${BASE}${path}`, { method, headers, body });
}

/** Creates a staff user through the API and issues it a token. */
export async function staffWithToken(role: "agent" | "admin", name = `${role}-${crypto.randomUUID().slice(0, 8)}`) {
  const created = await call("POST", "/api/staff/users", { token: BOOTSTRAP, json: { name, role } });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${await created.text()}`);
  const { user } = (await created.json()) as { user: { id: string } };
  const issued = await call("POST", `/api/staff/users/${user.id}/tokens`, { token: BOOTSTRAP, json: { name: "test" } });
  if (issued.status !== 201) throw new Error(`issue token: ${issued.status}`);
  const { token, tokenInfo } = (await issued.json()) as { token: string; tokenInfo: { id: string } };
  return { id: user.id, token, tokenId: tokenInfo.id };
}

/** Opens a ticket as a customer through the sandbox ingest (a real ingest, no channel specifics). */
export async function openTicket(
  text = `Deposit missing ${crypto.randomUUID()}`,
): Promise<{ id: string; number: string }> {
  const res = await call("POST", "/dev/sandbox/inbound", {
    json: { channel: "webform", sender: `c-${crypto.randomUUID().slice(0, 8)}@example.com`, text },
  });
  if (res.status !== 201) throw new Error(`open ticket: ${res.status} ${await res.text()}`);
  const { result } = (await res.json()) as { result: { ticketId: string; ticketNumber: string } };
  return { id: result.ticketId, number: result.ticketNumber };
}
