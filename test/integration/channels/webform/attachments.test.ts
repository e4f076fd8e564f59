import { describe, expect, it } from "vitest";
import { acceptAttachments } from "../../../../channels/webform/attachments";
import { AppError } from "../../../../src/core/errors";
import { PNG_1X1 } from "./builders";

const LIMITS = { maxCount: 3, maxBytes: 1024 };
const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((ch) => ch.charCodeAt(0)) : p)));

async function rejection(files: File[]): Promise<{ status: number; code: string }> {
  try {
    await acceptAttachments(files, LIMITS);
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code };
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("acceptAttachments", () => {
  it("accepts each image type and PDF whose bytes match, normalizing the declared type", async () => {
    const files = [
      new File([bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF")], "photo.jpg", { type: "image/jpeg" }),
      new File([bytes("GIF89a", [1, 0, 1, 0])], "anim.gif", { type: "image/gif" }),
      new File([bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ")], "pic.webp", { type: "IMAGE/WEBP" }),
    ];
    const accepted = await acceptAttachments(files, LIMITS);
    expect(accepted.map((a) => [a.filename, a.contentType])).toEqual([
      ["photo.jpg", "image/jpeg"],
      ["anim.gif", "image/gif"],
      ["pic.webp", "image/webp"],
    ]);
    const [pdf] = await acceptAttachments(
      [new File([bytes("%PDF-1.7\n")], "..\\..\\statement.pdf", { type: "application/pdf" })],
      LIMITS,
    );
    expect(pdf).toMatchObject({ filename: "statement.pdf", contentType: "application/pdf" });
    const [csv] = await acceptAttachments(
      [new File(["a,b\n1,2"], "t.csv", { type: "text/csv; charset=utf-8" })],
      LIMITS,
    );
    expect(csv?.contentType).toBe("text/csv");
  });

  it("rejects images whose bytes belong to another type", async () => {
    expect(await rejection([new File([PNG_1X1], "x.jpg", { type: "image/jpeg" })])).toEqual({
      status: 415,
      code: "attachment_type_not_allowed",
    });
    expect(
      await rejection([new File([bytes("RIFF", [0, 0, 0, 0], "WAVE")], "x.webp", { type: "image/webp" })]),
    ).toEqual({ status: 415, code: "attachment_type_not_allowed" });
    expect(await rejection([new File([bytes("GIF")], "x.gif", { type: "image/gif" })])).toMatchObject({ status: 415 });
  });

  it("enforces count and size before reading anything, and refuses files without a type", async () => {
    const small = () => new File(["hi"], "a.txt", { type: "text/plain" });
    expect(await rejection([small(), small(), small(), small()])).toEqual({
      status: 413,
      code: "too_many_attachments",
    });
    expect(await rejection([new File([new Uint8Array(1025)], "big.txt", { type: "text/plain" })])).toEqual({
      status: 413,
      code: "attachment_too_large",
    });
    expect(await rejection([new File(["hi"], "a.bin")])).toEqual({ status: 415, code: "attachment_type_not_allowed" });
  });
});
