import { describe, expect, it, vi } from "vitest";
import { newId, newSecret, sha256Hex } from "../../../src/core/ids";

describe("newId", () => {
  it("starts with the prefix and an underscore, then lowercase base-36", () => {
    const id = newId("tkt");
    expect(id).toMatch(/^tkt_[0-9a-z]{20,}$/);
    expect(newId("msg").startsWith("msg_")).toBe(true);
  });

  it("is unique over 1000 ids made in a tight loop", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId("x")));
    expect(ids.size).toBe(1000);
  });

  it("begins with the creation time in base 36, so ids sort roughly by age", () => {
    const now = vi.spyOn(Date, "now").mockReturnValue(1_786_000_000_000);
    try {
      expect(newId("tkt").startsWith(`tkt_${(1_786_000_000_000).toString(36)}`)).toBe(true);
      now.mockReturnValue(1_786_000_000_000 + 3_600_000);
      const later = newId("tkt");
      now.mockReturnValue(1_786_000_000_000);
      expect(newId("tkt") < later).toBe(true);
    } finally {
      now.mockRestore();
    }
  });
});

describe("newSecret", () => {
  it("is URL-safe base64 without padding", () => {
    for (let i = 0; i < 200; i++) expect(newSecret()).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("encodes the requested number of bytes (4 characters per 3 bytes)", () => {
    expect(newSecret()).toHaveLength(32); // 24 bytes
    expect(newSecret(24)).toHaveLength(32);
    expect(newSecret(32)).toHaveLength(43);
    expect(newSecret(16)).toHaveLength(22);
    expect(newSecret(1)).toHaveLength(2);
  });

  it("is different every time", () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => newSecret()));
    expect(secrets.size).toBe(1000);
  });
});

describe("sha256Hex", () => {
  it("matches the known test vectors", async () => {
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes the UTF-8 bytes of non-ASCII text", async () => {
    // printf '中文' | sha256sum
    expect(await sha256Hex("中文")).toBe("72726d8818f693066ceb69afa364218b692e62ea92b385782363780f47529c21");
  });
});
