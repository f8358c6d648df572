// systemd's unit syntax, against the examples of systemd.syntax(7) and systemd.exec(5).
import { describe, expect, it } from "vitest";
import {
  expandSpecifiers,
  extractWords,
  parseUnitFile,
  type SpecifierContext,
} from "../../src/daemon/systemd-syntax.js";

const assignments = (text: string) =>
  parseUnitFile(text, "/u.service").assignments.map(({ section, key, value, line }) => ({ section, key, value, line }));

describe("parseUnitFile", () => {
  it("reads the example of systemd.syntax(7): comments, continuations, comments inside a continuation", () => {
    const text = [
      "[Section A]",
      "KeyOne=value 1",
      "KeyTwo=value 2",
      "",
      "# a comment",
      "",
      "[Section B]",
      'Setting="something" "some thing" "…"',
      "KeyTwo=value 2 \\",
      "       value 2 continued",
      "",
      "[Section C]",
      "KeyThree=value 3\\",
      "# this line is ignored",
      "; this line is ignored too",
      "       value 3 continued",
    ].join("\n");
    expect(assignments(text)).toEqual([
      { section: "Section A", key: "KeyOne", value: "value 1", line: 2 },
      { section: "Section A", key: "KeyTwo", value: "value 2", line: 3 },
      { section: "Section B", key: "Setting", value: '"something" "some thing" "…"', line: 8 },
      // The backslash becomes a space; the next line is appended as it is, leading blanks included.
      { section: "Section B", key: "KeyTwo", value: "value 2         value 2 continued", line: 9 },
      { section: "Section C", key: "KeyThree", value: "value 3        value 3 continued", line: 13 },
    ]);
  });

  it.each([
    {
      name: "blanks around key and value",
      text: "[Service]\n  Environment  =  A=1  \n",
      want: [{ section: "Service", key: "Environment", value: "A=1", line: 2 }],
    },
    {
      name: "a ; comment and a # comment after blanks",
      text: "[Service]\n ; x\n\t# y\nA=1\n",
      want: [{ section: "Service", key: "A", value: "1", line: 4 }],
    },
    {
      name: "a comment sign mid-line is not a comment",
      text: "[Service]\nA=1 # not a comment\n",
      want: [{ section: "Service", key: "A", value: "1 # not a comment", line: 2 }],
    },
    {
      name: "an escaped backslash at the end does not continue",
      text: "[Service]\nA=x\\\\\nB=y\n",
      want: [
        { section: "Service", key: "A", value: "x\\\\", line: 2 },
        { section: "Service", key: "B", value: "y", line: 3 },
      ],
    },
    {
      name: "CRLF line ends",
      text: "[Service]\r\nA=1\r\nB=2 \\\r\n 3\r\n",
      want: [
        { section: "Service", key: "A", value: "1", line: 2 },
        { section: "Service", key: "B", value: "2   3", line: 3 },
      ],
    },
    {
      name: "a continuation at the end of the file",
      text: "[Service]\nA=1 \\",
      want: [{ section: "Service", key: "A", value: "1", line: 2 }],
    },
    {
      name: "a byte order mark",
      text: "\uFEFF[Service]\nA=1\n",
      want: [{ section: "Service", key: "A", value: "1", line: 2 }],
    },
  ])("$name", ({ text, want }) => {
    expect(assignments(text)).toEqual(want);
  });

  it("reports a line without '=' with its line number", () => {
    expect(parseUnitFile("[Service]\nEnvironment\n", "/u.service").problems).toEqual([
      { file: "/u.service", line: 2, message: "missing '=', systemd ignores the line" },
    ]);
  });

  // Was quadratic: the continued text was joined and scanned whole for a final backslash on every line.
  // Linear: milliseconds; the quadratic join took minutes. The timeout allows for a loaded machine.
  it("20,000 continuation lines are one assignment, read in linear time", { timeout: 30_000 }, () => {
    const text = "[Service]\n" + "Environment=A=1 \\\n".repeat(20_000) + "B=2\n";
    const [assignment] = assignments(text);
    expect(assignment).toMatchObject({ key: "Environment", line: 2 });
    expect(assignment.value.endsWith("Environment=A=1  B=2")).toBe(true);
    expect(assignment.value.length).toBe("Environment=A=1  ".length * 20_000 - "Environment=".length + 3);
  });

  it("a line of 1 MiB or more is an error (systemd refuses the unit) and the parse stops there", () => {
    const long = "Environment=X=" + "a".repeat(1024 * 1024);
    const parsed = parseUnitFile(`[Service]\nEnvironment=A=1\n${long}\nEnvironment=B=2\n`, "/u.service");
    expect(parsed.assignments.map((a) => a.value)).toEqual(["A=1"]);
    expect(parsed.problems).toEqual([
      {
        file: "/u.service",
        line: 3,
        severity: "error",
        message:
          'line 3 is 1,048,590 bytes long, and systemd reads lines of under 1 MiB only ("Line too long"): systemd refuses to load the unit, so the gateway does not start under it (doctor reads no further)',
      },
    ]);
  });

  it("the limit counts bytes: 1 MiB less one is read, 1 MiB is not", () => {
    const line = (bytes: number) => "A=" + "a".repeat(bytes - 2);
    expect(parseUnitFile(`${line(1024 * 1024 - 1)}\n`, "/u").problems).toEqual([]);
    expect(parseUnitFile(`${line(1024 * 1024)}\n`, "/u").problems[0].severity).toBe("error");
    // 349,526 three-byte characters: under 1 Mi characters, over 1 MiB.
    expect(parseUnitFile(`A=${"€".repeat(349_526)}\n`, "/u").problems[0].severity).toBe("error");
  });

  it("a continued line over 1 MiB is an error too, named by the line it starts on", () => {
    const text = "[Service]\n" + `Environment=A=${"a".repeat(1000)} \\\n`.repeat(1100) + "B=2\n";
    const parsed = parseUnitFile(text, "/u.service");
    expect(parsed.assignments).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 2, severity: "error" });
    expect(parsed.problems[0].message).toMatch(
      /^the line continued from line 2 to line 10\d\d is over systemd's 1 MiB limit \("Continuation line too long"\)/,
    );
  });
});

const UNQUOTE = { unquote: true, cunescape: true };

describe("extractWords (Environment= quoting)", () => {
  it.each([
    // systemd.exec(5), Environment=: 'gives three variables "VAR1", "VAR2", "VAR3" with the values "word1 word2", "word3", "$word 5 6"'.
    {
      value: `"VAR1=word1 word2" VAR2=word3 "VAR3=$word 5 6"`,
      words: ["VAR1=word1 word2", "VAR2=word3", "VAR3=$word 5 6"],
    },
    // systemd.syntax(7): quotes wrap a whole item; single quotes too.
    { value: `'ONE=a b' "TWO=c d"`, words: ["ONE=a b", "TWO=c d"] },
    { value: `A=1   B=2\tC=3`, words: ["A=1", "B=2", "C=3"] },
    // Quotes may open in the middle of a word (extract_first_word); they are removed.
    { value: `KEY="a b"c`, words: ["KEY=a bc"] },
    { value: `"KEY=it's"`, words: ["KEY=it's"] },
    // C escapes, inside and outside quotes (the table of systemd.syntax(7)).
    { value: `A=x\\sy "B=tab\\there" C=\\x41\\101\\u00e9`, words: ["A=x y", "B=tab\there", "C=AAé"] },
    { value: `"A=quote\\"inside" 'B=\\'single\\''`, words: ['A=quote"inside', "B='single'"] },
    { value: `A=back\\\\slash`, words: ["A=back\\slash"] },
    { value: `A=`, words: ["A="] },
    { value: ``, words: [] },
  ])("$value", ({ value, words }) => {
    expect(extractWords(value, UNQUOTE)).toEqual({ ok: true, words });
  });

  it.each([
    { value: `A=1 "B=2 3`, words: ["A=1"], error: "unbalanced quoting" },
    { value: `A=1 B=\\d C=3`, words: ["A=1"], error: 'unknown escape sequence "\\d"' },
    { value: `A=1 B=2\\`, words: ["A=1"], error: "trailing backslash" },
    { value: `A=\\x0 B=1`, words: [], error: 'unknown escape sequence "\\x"' },
  ])("a syntax error keeps the words before it: $value", ({ value, words, error }) => {
    expect(extractWords(value, UNQUOTE)).toEqual({ ok: false, words, error });
  });

  it("without C unescaping (PassEnvironment=), a backslash keeps the next character", () => {
    expect(extractWords(`"A B" C\\x41`, { unquote: true, cunescape: false })).toEqual({
      ok: true,
      words: ["A B", "Cx41"],
    });
  });
});

describe("expandSpecifiers", () => {
  const context: SpecifierContext = {
    home: "/home/u",
    user: "u",
    uid: 1000,
    unitName: "clawdia-gateway.service",
    xdg: {},
    hostname: "box",
    shell: "/bin/zsh",
  };
  it.each([
    ["%h/.clawdia/.env", "/home/u/.clawdia/.env"],
    ["%E/clawdia", "/home/u/.config/clawdia"],
    ["%t/clawdia.sock", "/run/user/1000/clawdia.sock"],
    ["%u:%U@%H", "u:1000@box"],
    ["%n %N %p %j", "clawdia-gateway.service clawdia-gateway clawdia-gateway gateway"],
    ["100%%", "100%"],
    ["no specifiers", "no specifiers"],
  ])("%s → %s", (text, want) => {
    expect(expandSpecifiers(text, context)).toEqual({ ok: true, value: want });
  });

  // %S/%L for a user unit as systemd 252 resolves them, checked against a real 252 user manager.
  it.each([
    {
      version: 249,
      S: "/home/u/.config",
      L: "/home/u/.config/log",
      D: "specifier %D is unknown to systemd 249 (it came in systemd 256)",
    },
    {
      version: 252,
      S: "/home/u/.config",
      L: "/home/u/.config/log",
      D: "specifier %D is unknown to systemd 252 (it came in systemd 256)",
    },
    {
      version: 254,
      S: "/home/u/.local/state",
      L: "/home/u/.local/state/log",
      D: "specifier %D is unknown to systemd 254 (it came in systemd 256)",
    },
    { version: 256, S: "/home/u/.local/state", L: "/home/u/.local/state/log", D: "/home/u/.local/share" },
    { version: undefined, S: "/home/u/.local/state", L: "/home/u/.local/state/log", D: "/home/u/.local/share" },
  ])("systemd $version: %S %L %D", ({ version, S, L, D }) => {
    const at = { ...context, version };
    const show = (r: ReturnType<typeof expandSpecifiers>) => (r.ok ? r.value : r.error);
    expect({
      S: show(expandSpecifiers("%S", at)),
      L: show(expandSpecifiers("%L", at)),
      D: show(expandSpecifiers("%D", at)),
    }).toEqual({ S, L, D });
  });

  it("$XDG_STATE_HOME counts from 254 on, $XDG_CONFIG_HOME before; $XDG_DATA_HOME for %D", () => {
    const xdg = { config: "/x/config", state: "/x/state", data: "/x/data" };
    expect(expandSpecifiers("%S %L", { ...context, xdg, version: 252 })).toEqual({
      ok: true,
      value: "/x/config /x/config/log",
    });
    expect(expandSpecifiers("%S %L %D", { ...context, xdg, version: 257 })).toEqual({
      ok: true,
      value: "/x/state /x/state/log /x/data",
    });
  });

  it("a specifier newer than the version is unknown to it (%l came in 246)", () => {
    expect(expandSpecifiers("%l", { ...context, version: 245 })).toEqual({
      ok: false,
      error: "specifier %l is unknown to systemd 245 (it came in systemd 246)",
    });
    expect(expandSpecifiers("%l", { ...context, version: 252 })).toEqual({
      ok: false,
      error: "specifier %l is not resolved by doctor",
    });
  });

  it("an unknown specifier is an error, as in systemd", () => {
    expect(expandSpecifiers("%z", context)).toEqual({ ok: false, error: "unknown specifier %z" });
    expect(expandSpecifiers("%m", context)).toEqual({ ok: false, error: "specifier %m is not resolved by doctor" });
  });
});
