import { describe, expect, it } from "vitest";
import { parseDotenv } from "../../src/snapshot/dotenv.js";

describe("parseDotenv", () => {
  it("reads plain, exported, quoted and commented lines, with line numbers for bad ones", () => {
    const parsed = parseDotenv(
      '# keys\nA=1\nexport B="two words"\nC=\'single # kept\'\nD=x # comment\nnot a line\nE="unclosed\n',
    );
    // dotenv reads a quote left open as part of the value: E is `"unclosed`, not skipped.
    expect(parsed.vars).toEqual({ A: "1", B: "two words", C: "single # kept", D: "x", E: '"unclosed' });
    expect(parsed.problems).toEqual([
      { kind: "skipped", line: 6, message: "not a KEY=value line; the gateway skips the line" },
      {
        kind: "quotes-kept",
        line: 7,
        message:
          'the value of E starts with a " quote that does not end it; the gateway reads the quotes as part of the value',
      },
    ]);
    expect(parsed.lines).toMatchObject({ A: 2, B: 3 });
  });

  it("gives each assignment's lines and the offsets of its value as written, CRLF counted", () => {
    const text = "A=1\r\nPEM=\"-----BEGIN\r\nabc\r\n-----END\" # note\r\n  export K = 'v w'\r\nA=2\n";
    const { entries, problems } = parseDotenv(text);
    expect(problems).toEqual([]);
    expect(entries.map(({ key, line, endLine, quote }) => ({ key, line, endLine, quote }))).toEqual([
      { key: "A", line: 1, endLine: 1, quote: undefined },
      { key: "PEM", line: 2, endLine: 4, quote: '"' },
      { key: "K", line: 5, endLine: 5, quote: "'" },
      { key: "A", line: 6, endLine: 6, quote: undefined },
    ]);
    const raw = entries.map((entry) => text.slice(entry.rawStart, entry.rawEnd));
    expect(raw).toEqual(["1", '"-----BEGIN\r\nabc\r\n-----END"', "'v w'", "2"]);
    expect(parseDotenv(text).lines).toEqual({ A: 6, PEM: 2, K: 5 });
  });

  it("a value dotenv takes from the next line belongs to the assignment; an empty value sits after its =", () => {
    const text = 'K=\n"swallowed"\nE=\nL=2\n';
    const { entries, problems } = parseDotenv(text);
    expect(problems).toEqual([]);
    expect(entries.map(({ key, value, line, endLine }) => ({ key, value, line, endLine }))).toEqual([
      { key: "K", value: "swallowed", line: 1, endLine: 2 },
      { key: "E", value: "", line: 3, endLine: 3 },
      { key: "L", value: "2", line: 4, endLine: 4 },
    ]);
    expect(entries[1].rawStart).toBe(text.indexOf("E=") + 2);
  });

  it("text after a closing quote is a problem: dotenv keeps the quotes", () => {
    expect(parseDotenv("K='q' trailing\n").problems).toEqual([
      {
        kind: "quotes-kept",
        line: 1,
        message:
          "the value of K starts with a ' quote that does not end it; the gateway reads the quotes as part of the value",
      },
    ]);
  });
});
