// The writer against the real dotenv.parse: whatever it writes, the gateway reads back as written.
// More runs on demand: FC_RUNS=5000 npx vitest run test/snapshot/dotenv-write.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDotenv } from "../../src/snapshot/dotenv.js";
import {
  canWriteDotenvValue,
  DotenvValueError,
  formatDotenvLine,
  setDotenvValue,
} from "../../src/snapshot/dotenv-write.js";
import { verifyDotenvEdits } from "../../src/engine/verify-edit.js";
import { dotenv } from "../support/dotenv-reference.js";

const RUNS = Number(process.env.FC_RUNS ?? 500);

const value = fc.string({
  unit: fc.constantFrom("a", "Z", "0", " ", "\t", '"', "'", "`", "\\", "#", "\n", "\r", "=", "$", "n", "r", ":"),
  maxLength: 16,
});
// Lines already in the file, broken ones included: the written line must not change how they read.
const otherLine = fc.constantFrom(
  "# comment",
  "",
  "A=1",
  "export B='two words'",
  'C="x" # note',
  "D=",
  "not a line",
  'E="open',
  "F='open",
  "G=`open",
  'P="line one\nline two"',
);

describe("formatDotenvLine", () => {
  it("writes a line dotenv reads back as the value, or refuses the value", () => {
    fc.assert(
      fc.property(value, (v) => {
        if (!canWriteDotenvValue(v)) {
          expect(() => formatDotenvLine("K", v)).toThrow(DotenvValueError);
          return;
        }
        const line = formatDotenvLine("K", v);
        expect(dotenv.parse(line)).toEqual({ K: v });
        expect(dotenv.parse(`${line}\n"next"\nL='x'\n`)).toEqual({ K: v, L: "x" });
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["plain", "sk-ant-api03-AbC_d.e/f:g@h+i=j"],
    ["spaces and #", " a # b "],
    ["both quotes", `it's "x"`],
    ["a line break", "one\ntwo"],
    ["backslashes", "a\\b\\"],
    ["empty", ""],
    ["a CR", "a\rb"],
  ])("writes %s so that dotenv reads it back", (_, v) =>
    expect(dotenv.parse(formatDotenvLine("K", v))).toEqual({ K: v }),
  );

  it("refuses what dotenv cannot read back, and a name that is not a variable", () => {
    expect(() => formatDotenvLine("K", `'"\`\r`)).toThrow(
      /cannot be written to \.env so that the gateway reads it back/,
    );
    expect(() => formatDotenvLine("K", `'"\`\n`)).toThrow(DotenvValueError);
    expect(() => formatDotenvLine("A-B", "x")).toThrow(/"A-B" is not a variable name/);
  });
});

describe("setDotenvValue", () => {
  it("sets the key among any other lines: dotenv reads the value, every other key as it was", () => {
    fc.assert(
      fc.property(fc.array(otherLine, { maxLength: 6 }), value, fc.boolean(), (lines, v, crlf) => {
        fc.pre(canWriteDotenvValue(v));
        const before = lines.join(crlf ? "\r\n" : "\n");
        const after = setDotenvValue(before, "K", v);
        const expected = { ...dotenv.parse(before), K: v };
        const refusal = verifyDotenvEdits(before, [{ kind: "dotenv-set", file: ".env", key: "K", value: v }], after);
        // A quote left open on an earlier line may close inside the new line: then the engine's check
        // of every edit refuses to write it. Every edit it lets through reads as planned.
        if (refusal === undefined) expect(dotenv.parse(after)).toEqual(expected);
        else expect(dotenv.parse(after)).not.toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("appends a new key and keeps every other line", () => {
    expect(setDotenvValue("# mine\nA=1\n", "B", "2")).toBe("# mine\nA=1\nB=2\n");
    expect(setDotenvValue("", "B", "2")).toBe("B=2\n");
    expect(setDotenvValue("A=1", "B", "2")).toBe("A=1\nB=2\n");
  });

  it("replaces the last assignment and drops earlier duplicates", () => {
    expect(setDotenvValue("K=old\n# c\nexport K=older\nZ=1\n", "K", "new")).toBe("# c\nK=new\nZ=1\n");
  });

  it("replaces a value spanning lines whole, and one dotenv took from the next line", () => {
    expect(setDotenvValue('A=1\nK="one\ntwo" # c\nZ=1\n', "K", "new")).toBe("A=1\nK=new\nZ=1\n");
    expect(setDotenvValue('K=\n"swallowed"\nZ=1\n', "K", "new")).toBe("K=new\nZ=1\n");
  });

  it("removes a key with undefined, and keeps CRLF line ends", () => {
    expect(setDotenvValue("A=1\r\nK=x\r\n", "K", undefined)).toBe("A=1\r\n");
    expect(setDotenvValue("A=1\r\n", "K", "v")).toBe("A=1\r\nK=v\r\n");
  });

  it("writes an empty value quoted: K= would take a quoted next line as its value", () => {
    const text = setDotenvValue('K=x\n"next"\n', "K", "");
    expect(text).toBe("K=''\n\"next\"\n");
    expect(parseDotenv(text).vars).toEqual({ K: "" });
  });
});
