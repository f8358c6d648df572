// EnvironmentFile= contents, read as systemd.exec(5) describes (and src/basic/env-file.c does).
import { describe, expect, it } from "vitest";
import { parseEnvironmentFile } from "../../src/daemon/env-file.js";

const vars = (text: string) => Object.fromEntries(parseEnvironmentFile(text).entries.map((e) => [e.key, e.value]));

describe("parseEnvironmentFile", () => {
  it.each([
    { name: "plain assignments", text: "A=1\nB=two\n", want: { A: "1", B: "two" } },
    {
      name: "leading and trailing whitespace is discarded, interior kept",
      text: "  A =  a  b  \n",
      want: { A: "a  b" },
    },
    { name: "# and ; comment lines, empty lines, lines without =", text: "# c\n; c\n\nJUNK\nA=1\n", want: { A: "1" } },
    { name: "a # after a value is part of the value", text: "A=1 # not a comment\n", want: { A: "1 # not a comment" } },
    { name: "quotes after the first character are kept", text: `A=a"b"c\n`, want: { A: 'a"b"c' } },
    { name: "single quotes: verbatim, across lines, no escapes", text: "A='x \\n y\nz'\n", want: { A: "x \\n y\nz" } },
    {
      name: 'double quotes: \\" \\\\ \\` \\$ are unescaped, other backslashes kept',
      text: 'A="q\\"b\\\\s\\$d\\`t\\x"\n',
      want: { A: 'q"b\\s$d`t\\x' },
    },
    { name: "double quotes: a backslash-newline is a continuation", text: 'A="one\\\ntwo"\n', want: { A: "onetwo" } },
    { name: "unquoted: a backslash keeps the next character", text: "A=a\\ b\\\\c\\#\n", want: { A: "a b\\c#" } },
    {
      name: "unquoted: a trailing backslash continues the line",
      text: "A=abc\\\ndef\nB=2\n",
      want: { A: "abcdef", B: "2" },
    },
    { name: "whitespace outside quotes is discarded", text: "A=  'x y'  \nB=\"z\"\n", want: { A: "x y", B: "z" } },
    { name: "an empty value", text: "A=\nB=\n", want: { A: "", B: "" } },
    { name: "the last assignment wins", text: "A=1\nA=2\n", want: { A: "2" } },
    { name: "no newline at the end", text: "A=1", want: { A: "1" } },
    { name: "CRLF line ends", text: "A=1\r\nB=2\r\n", want: { A: "1", B: "2" } },
    {
      name: "a comment ending in a backslash does not swallow the next line (systemd ≥ 254)",
      text: "# c \\\nA=1\n",
      want: { A: "1" },
    },
  ])("$name", ({ text, want }) => {
    expect(vars(text)).toEqual(want);
  });

  it("drops names systemd does not accept, such as `export KEY`, and says on which line", () => {
    const parsed = parseEnvironmentFile("A=1\nexport ANTHROPIC_API_KEY=x\n");
    expect(parsed.entries).toEqual([{ key: "A", value: "1", line: 1 }]);
    expect(parsed.ignored).toEqual([
      { line: 2, message: `"export ANTHROPIC_API_KEY" is not a variable name systemd accepts; the line is ignored` },
    ]);
  });

  // Checked against a real systemd 252 user manager (test/e2e/daemon/real-systemd.test.ts runs it where it can).
  describe("by systemd version: before 254 a comment ending in a backslash swallows the next line", () => {
    const byVersion = (text: string, version?: number) =>
      Object.fromEntries(parseEnvironmentFile(text, version).entries.map((e) => [e.key, e.value]));
    it.each([
      {
        name: "the key after such a comment",
        text: "# old key \\\nANTHROPIC_API_KEY=k\nB=2\n",
        v249: { B: "2" },
        v252: { B: "2" },
        v253: { B: "2" },
        v254: { ANTHROPIC_API_KEY: "k", B: "2" },
        newest: { ANTHROPIC_API_KEY: "k", B: "2" },
      },
      {
        name: "a chain: each swallowed line that ends in \\ swallows the next",
        text: "# a \\\nb \\\nC=3\nD=4\n",
        v249: { D: "4" },
        v252: { D: "4" },
        v253: { D: "4" },
        v254: { C: "3", D: "4" },
        newest: { C: "3", D: "4" },
      },
      {
        name: "a backslash inside the comment changes nothing",
        text: "# a \\ b\nC=3\n",
        v249: { C: "3" },
        v252: { C: "3" },
        v253: { C: "3" },
        v254: { C: "3" },
        newest: { C: "3" },
      },
      {
        name: "CRLF: the backslash escapes the CR, the LF still ends the comment",
        text: "# a \\\r\nC=3\r\n",
        v249: { C: "3" },
        v252: { C: "3" },
        v253: { C: "3" },
        v254: { C: "3" },
        newest: { C: "3" },
      },
      {
        name: "a ; comment too",
        text: "; a \\\nC=3\n",
        v249: {},
        v252: {},
        v253: {},
        v254: { C: "3" },
        newest: { C: "3" },
      },
    ])("$name", ({ text, v249, v252, v253, v254, newest }) => {
      expect({
        v249: byVersion(text, 249),
        v252: byVersion(text, 252),
        v253: byVersion(text, 253),
        v254: byVersion(text, 254),
        newest: byVersion(text),
      }).toEqual({ v249, v252, v253, v254, newest });
    });

    it("says which line is lost and why, on the old versions only", () => {
      const text = "# old key \\\nANTHROPIC_API_KEY=k\n# x \\\n\n";
      expect(parseEnvironmentFile(text, 252).ignored).toEqual([
        {
          line: 2,
          message:
            "systemd 252 reads this line as part of the comment on line 1, which ends in a backslash (systemd 254 and later do not); the line is ignored",
        },
      ]);
      expect(parseEnvironmentFile(text, 254).ignored).toEqual([]);
      expect(parseEnvironmentFile(text).ignored).toEqual([]);
    });
  });

  it("records the line each assignment starts on", () => {
    expect(parseEnvironmentFile("# x\n\nA='1\n2'\nB=3\n").entries.map((e) => [e.key, e.line])).toEqual([
      ["A", 3],
      ["B", 5],
    ]);
  });
});
