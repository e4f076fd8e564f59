import { describe, expect, it } from "vitest";
import { renderCanned } from "../../../src/core/canned";

describe("renderCanned", () => {
  it("fills the customer name and the ticket number, every occurrence", () => {
    expect(
      renderCanned("Hi {{customer_name}}, about {{ticket_number}}: fixed. Quote {{ticket_number}} again.", {
        customer_name: "Alice",
        ticket_number: "RD-1042",
      }),
    ).toBe("Hi Alice, about RD-1042: fixed. Quote RD-1042 again.");
  });

  it("works inside Chinese text and tolerates spaces within the braces", () => {
    expect(
      renderCanned("{{ customer_name }}您好，工单 {{ticket_number}} 已处理。", {
        customer_name: "李雷",
        ticket_number: "RD-7",
      }),
    ).toBe("李雷您好，工单 RD-7 已处理。");
  });

  it("uses the fallback for a known variable without a value, and leaves unknown placeholders visible", () => {
    expect(renderCanned("Hi {{customer_name}}!", { customer_name: null }, "there")).toBe("Hi there!");
    expect(renderCanned("Hi {{customer_name}}!", {})).toBe("Hi !");
    expect(renderCanned("Dear {{custmer_name}}", { customer_name: "Bob" })).toBe("Dear {{custmer_name}}");
  });

  it("inserts values literally: no second pass, no replacement patterns", () => {
    expect(renderCanned("{{customer_name}}", { customer_name: "{{ticket_number}}", ticket_number: "RD-1" })).toBe(
      "{{ticket_number}}",
    );
    expect(renderCanned("x {{customer_name}} y", { customer_name: "$& $1 $$" })).toBe("x $& $1 $$ y");
  });
});
