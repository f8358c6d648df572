import { describe, expect, it } from "vitest";
import { formatDotenvLine, parseDotenv, setDotenvValue } from "../../src/snapshot/dotenv.js";

describe("parseDotenv", () => {
  it("reads plain, exported, quoted and commented lines, with line numbers for bad ones", () => {
    const parsed = parseDotenv('# keys\nA=1\nexport B="two words"\nC=\'single # kept\'\nD=x # comment\nnot a line\nE="unclosed\n');
    expect(parsed.vars).toEqual({ A: "1", B: "two words", C: "single # kept", D: "x" });
    expect(parsed.problems).toEqual([
      { line: 6, message: "not a KEY=value line" },
      { line: 7, message: "the value of E has an unclosed quote" },
    ]);
    expect(parsed.lines).toMatchObject({ A: 2, B: 3 });
  });

  it.each(["plain", 'with "quotes"', "back\\slash", "two\nlines", "spaces and # hash", ""])("formats %j so that it reads back the same", (value) => {
    expect(parseDotenv(formatDotenvLine("K", value) + "\n").vars.K).toBe(value);
  });
});

describe("setDotenvValue", () => {
  it("appends a new key and keeps every other line", () => {
    expect(setDotenvValue("# mine\nA=1\n", "B", "2")).toBe("# mine\nA=1\nB=2\n");
    expect(setDotenvValue("", "B", "2")).toBe("B=2\n");
    expect(setDotenvValue("A=1", "B", "2")).toBe("A=1\nB=2\n");
  });

  it("replaces the last assignment and drops earlier duplicates", () => {
    expect(setDotenvValue("K=old\n# c\nexport K=older\nZ=1\n", "K", "new")).toBe("# c\nK=new\nZ=1\n");
  });

  it("removes a key with undefined, and keeps CRLF line ends", () => {
    expect(setDotenvValue("A=1\r\nK=x\r\n", "K", undefined)).toBe("A=1\r\n");
    expect(setDotenvValue("A=1\r\n", "K", "v")).toBe("A=1\r\nK=v\r\n");
  });
});
