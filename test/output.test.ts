import { afterEach, describe, expect, test, vi } from "vitest";
import { printOut, printOutPieces, rememberSecrets } from "../src/output.js";
import { maskSecrets } from "../src/secrets.js";

const SECRET = 'Zq8Lm3Np7Rt2/Vx9"Yb4';

/** What printOut and printOutPieces write to stdout, one string per write. */
function writes(print: () => void): string[] {
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
  try {
    print();
  } finally {
    write.mockRestore();
  }
  return written;
}

describe("printOutPieces", () => {
  afterEach(() => vi.restoreAllMocks());

  test("a long text is masked and written in chunks, the same bytes as printOut writes it whole", () => {
    rememberSecrets([SECRET]);
    // 4,000 pieces of a known secret (raw and JSON-escaped) and a key-shaped token: about 600 KB.
    const pieces = Array.from(
      { length: 4000 },
      (_, i) =>
        `${i ? ",\n" : ""}  { "token": ${JSON.stringify(SECRET)}, "raw": "${SECRET}", "key": "sk-ant-api03-${String(i).padStart(40, "k")}" }`,
    );
    const chunks = writes(() => printOutPieces(pieces));
    const whole = writes(() => printOut(pieces.join("")));
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(80 * 1024);
    expect(chunks.join("")).toBe(whole.join(""));
    expect(chunks.join("")).toBe(maskSecrets(pieces.join("") + "\n", [SECRET]));
    expect(chunks.join("")).not.toContain("Zq8Lm3Np7Rt2");
  });

  test.each([
    { pieces: [], out: "\n" },
    { pieces: ["a", "", "b"], out: "ab\n" },
    { pieces: ["a\n", ""], out: "a\n" },
    { pieces: ["a\n", "b"], out: "a\nb\n" },
  ])("ends with one newline, as printOut does: $pieces", ({ pieces, out }) => {
    expect(writes(() => printOutPieces(pieces)).join("")).toBe(out);
    expect(writes(() => printOut(pieces.join(""))).join("")).toBe(out);
  });
});
