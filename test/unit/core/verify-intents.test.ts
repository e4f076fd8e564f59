import { describe, expect, it } from "vitest";
import { detectTextIntent } from "../../../src/core/intents";

describe("detectTextIntent (requests typed on any channel)", () => {
  it.each([
    ["status", null],
    ["/status", null],
    ["Status RD-1042", 1042],
    ["status: rd-1042?", 1042],
    ["状态 RD-1042", 1042],
    ["状态RD-1042", 1042],
    ["工单状态 #1042", 1042],
  ])("%s is a status request", (text, number) => {
    expect(detectTextIntent(text)).toEqual({ intent: { kind: "status", number }, only: true });
  });

  it("reads /verify and /link with their argument", () => {
    expect(detectTextIntent("/verify @someone_support")?.intent).toEqual({ kind: "verify", query: "@someone_support" });
    expect(detectTextIntent("/verify")?.intent).toEqual({ kind: "verify", query: "" });
    expect(detectTextIntent("/link")?.intent).toEqual({ kind: "link", code: null });
    expect(detectTextIntent("/link 7KQ2-M9XD")?.intent).toEqual({ kind: "link", code: "7KQ2-M9XD" });
  });

  it("looks at the first line; more text means the message is more than a request", () => {
    expect(detectTextIntent("status RD-1042\n\nAlso my withdrawal is stuck")).toEqual({
      intent: { kind: "status", number: 1042 },
      only: false,
    });
  });

  it("ignores ordinary messages that merely mention a status", () => {
    expect(detectTextIntent("What is the status of my withdrawal?")).toBeNull();
    expect(detectTextIntent("my status RD-1042 is wrong")).toBeNull();
    expect(detectTextIntent("please verify my account")).toBeNull();
    expect(detectTextIntent("")).toBeNull();
  });
});
