// Clawdia's .env reader against the real dotenv.parse: the same keys and values, line for line.
// More runs on demand: FC_RUNS=5000 npx vitest run test/snapshot/dotenv-reference.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDotenv } from "../../src/snapshot/dotenv.js";
import { dotenv } from "../support/dotenv-reference.js";

const RUNS = Number(process.env.FC_RUNS ?? 500);

// The lines where a naive reader and dotenv disagree, with what dotenv reads.
const TRICKY: Array<[string, Record<string, string>]> = [
  ["K=abc#def", { K: "abc" }],
  ["K=abc # def", { K: "abc" }],
  ['K="a\\tb"', { K: "a\\tb" }],
  ['K="a\\"b"', { K: 'a\\"b' }],
  ['K="a\\nb\\rc"', { K: "a\nb\rc" }],
  ["K='a\\nb'", { K: "a\\nb" }],
  ['K="q" trailing', { K: '"q" trailing' }],
  ['K="a" "b"', { K: 'a" "b' }],
  ["K=`back ticks`", { K: "back ticks" }],
  ['K="multi\nline"\nL=2', { K: "multi\nline", L: "2" }],
  ['K="open\nL=2', { K: '"open', L: "2" }],
  ['K=\n"swallowed"', { K: "swallowed" }],
  ["K=\nL=2", { K: "", L: "2" }],
  ["export K=1", { K: "1" }],
  ["K: colon", { K: "colon" }],
  ["  K = spaced value  ", { K: "spaced value" }],
  ["K='a\\'", { K: "a\\" }],
  ["K='a'b'", { K: "a'b" }],
  ["1K.a-b=x", { "1K.a-b": "x" }],
  ["K=$HOME/x\nK=last\r\nnot a line\rM='#'", { K: "last", M: "#" }],
];

describe("parseDotenv reads what dotenv.parse reads", () => {
  it.each(TRICKY)("%j", (text, expected) => {
    expect(dotenv.parse(text)).toEqual(expected);
    expect(parseDotenv(text).vars).toEqual(expected);
  });

  // Files made of the characters that matter to dotenv's regex.
  const piece = fc.constantFrom(
    "K",
    "A_1",
    "x.y",
    "export ",
    "=",
    ": ",
    " ",
    "\t",
    "#",
    "'",
    '"',
    "`",
    "\\",
    "\\n",
    "\\r",
    "\n",
    "\r\n",
    "\r",
    "v",
    "$V",
    "a b",
  );
  it("on random files of quotes, backslashes, #, line breaks, backticks and spaces; offsets hold what it read", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((parts) => parts.join("")),
        (text) => {
          const parsed = parseDotenv(text);
          expect(parsed.vars).toEqual(dotenv.parse(text));
          const lines = text.split(/\r\n|\n|\r/);
          for (const entry of parsed.entries) {
            // The value as written, read alone, is the value; the key is on its line.
            expect(dotenv.parse(`K=${text.slice(entry.rawStart, entry.rawEnd)}`).K ?? "").toBe(entry.value);
            expect(lines[entry.line - 1]).toContain(entry.key);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("on random assignments of random values, one per line", () => {
    const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
    const value = fc.string({
      unit: fc.constantFrom("a", " ", "#", "'", '"', "`", "\\", "n", "\n", "=", "$"),
      maxLength: 12,
    });
    const line = fc
      .tuple(
        fc.constantFrom("", "export ", "  "),
        key,
        fc.constantFrom("=", " = ", ": "),
        fc.constantFrom("", "'", '"', "`"),
        value,
      )
      .map(([head, k, sep, q, v]) => `${head}${k}${sep}${q}${v}${q}`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = lines.join("\n");
        expect(parseDotenv(text).vars).toEqual(dotenv.parse(text));
      }),
      { numRuns: RUNS },
    );
  });
});
