import { beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP, call, openTicket, staffWithToken } from "./helpers";

// Every staff route, with whether it needs an admin. `:ticket`, `:message`, `:user`, `:token` are filled in below.
const ROUTES: Array<[method: string, path: string, adminOnly: boolean, body?: unknown]> = [
  ["GET", "/api/staff/me", false],
  ["GET", "/api/staff/tickets", false],
  ["GET", "/api/staff/tickets/:ticket", false],
  ["PATCH", "/api/staff/tickets/:ticket", false, { priority: "high" }],
  ["POST", "/api/staff/tickets/:ticket/replies", false, { body: "hello" }],
  ["POST", "/api/staff/tickets/:ticket/notes", false, { body: "note" }],
  ["POST", "/api/staff/messages/:message/retry", false],
  ["GET", "/api/staff/feed", false],
  ["GET", "/api/staff/users", true],
  ["POST", "/api/staff/users", true, { name: "x" }],
  ["PATCH", "/api/staff/users/:user", true, { name: "y" }],
  ["GET", "/api/staff/users/:user/tokens", true],
  ["POST", "/api/staff/users/:user/tokens", true, { name: "t" }],
  ["GET", "/api/staff/tokens", true],
  ["DELETE", "/api/staff/tokens/:token", true],
  ["POST", "/api/staff/tickets/:ticket/read", false],
  ["POST", "/api/staff/tickets/:ticket/merge", false, { intoId: "tkt_doesnotexist" }],
  ["GET", "/api/staff/attachments/:attachment", false],
  ["GET", "/api/staff/contacts/:contact", false],
  ["GET", "/api/staff/canned", false],
  ["GET", "/api/staff/directory", false],
  ["POST", "/api/staff/canned", true, { title: "t", body: "b" }],
  ["DELETE", "/api/staff/canned/:canned", true],
];

describe("staff API authorisation", () => {
  let agent: Awaited<ReturnType<typeof staffWithToken>>;
  let revoked: Awaited<ReturnType<typeof staffWithToken>>;
  let params: Record<string, string>;

  beforeAll(async () => {
    agent = await staffWithToken("agent");
    revoked = await staffWithToken("admin");
    const res = await call("DELETE", `/api/staff/tokens/${revoked.tokenId}`, { token: BOOTSTRAP });
    expect(res.status).toBe(200);
    const ticket = await openTicket();
    const victim = await staffWithToken("agent");
    params = {
      ticket: ticket.id,
      message: "msg_doesnotexist",
      user: victim.id,
      token: victim.tokenId,
      attachment: "att_doesnotexist",
      contact: "con_doesnotexist",
      canned: "cnd_doesnotexist",
    };
  });

  const fill = (path: string) => path.replace(/:(\w+)/g, (_, k: string) => params[k] ?? k);

  for (const [method, path, adminOnly, body] of ROUTES) {
    it(`${method} ${path}: 401 without a token, with a wrong one, and with a revoked one`, async () => {
      for (const token of [null, "rdk_not-a-real-token-at-all", revoked.token]) {
        const res = await call(method, fill(path), { token, json: body });
        expect(res.status, `token ${token}`).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
      }
    });

    if (adminOnly) {
      it(`${method} ${path}: 403 for an agent`, async () => {
        const res = await call(method, fill(path), { token: agent.token, json: body });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
      });
    } else {
      it(`${method} ${path}: an agent gets past authorisation`, async () => {
        const res = await call(method, fill(path), { token: agent.token, json: body });
        expect([401, 403]).not.toContain(res.status);
      });
    }
  }

  it("a disabled user's token stops working", async () => {
    const u = await staffWithToken("agent");
    expect((await call("GET", "/api/staff/me", { token: u.token })).status).toBe(200);
    const res = await call("PATCH", `/api/staff/users/${u.id}`, { token: BOOTSTRAP, json: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await call("GET", "/api/staff/me", { token: u.token })).status).toBe(401);
  });

  it("the bootstrap token is an admin", async () => {
    const res = await call("GET", "/api/staff/me", { token: BOOTSTRAP });
    expect(await res.json()).toMatchObject({ staff: { role: "admin", staffId: "stf_bootstrap" } });
  });
});
