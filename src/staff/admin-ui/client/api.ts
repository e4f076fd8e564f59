/** The typed staff API client (`hc<StaffApiType>`) with the session's CSRF header, and one way to read its answers. */
import { hc } from "hono/client";
import type { StaffApiType } from "../../api";
import type { AdminBoot } from "../page";
import { type ApiErrorInfo, apiErrorFrom, errorText } from "./state";

/** What the page handed the script (texts, labels, who is signed in). */
export const boot = JSON.parse(document.getElementById("rd-admin-boot")?.textContent ?? "{}") as AdminBoot;
export const t = boot.t;
export const labels = boot.labels;

/** The session's CSRF token: every write sends it in X-CSRF-Token, as the inbox does. */
const csrf = document.querySelector('meta[name="rd-csrf"]')?.getAttribute("content") ?? "";
const CSRF = { "X-CSRF-Token": csrf };

export const api = hc<StaffApiType>("/api/staff", { headers: CSRF, init: { credentials: "same-origin" } });

/** For the few routes that read their body themselves (incidents): a JSON body with the CSRF header kept. */
export function jsonInit(body: unknown, headers: Record<string, string> = {}): { init: RequestInit } {
  return {
    init: {
      credentials: "same-origin",
      body: JSON.stringify(body),
      headers: { ...CSRF, "Content-Type": "application/json", ...headers },
    },
  };
}

/** An API answer that was not 2xx, as the screens show it. */
export class ApiError extends Error implements ApiErrorInfo {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorInfo["details"];
  constructor(info: ApiErrorInfo) {
    super(errorText(info));
    this.status = info.status;
    this.code = info.code;
    this.details = info.details;
  }
}

interface Answer {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** The JSON of a 2xx answer (typed by the route); throws ApiError otherwise, and sends a signed-out browser to sign in. */
export async function ok<R extends Answer>(pending: Promise<R>): Promise<Awaited<ReturnType<R["json"]>>> {
  const res = await pending;
  if (res.status === 401) {
    location.href = `/staff/login?next=${encodeURIComponent(location.pathname + location.hash)}`;
  }
  if (!res.ok) throw new ApiError(apiErrorFrom(res.status, await res.json().catch(() => null)));
  return (res.status === 204 ? null : await res.json()) as Awaited<ReturnType<R["json"]>>;
}
