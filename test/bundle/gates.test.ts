// The gates searched without regular expressions (src/bundle/redact/gates.ts: URL userinfo, query
// parameters, key shapes, JWTs) and the long-run search (token-runs.ts) against the patterns they
// stand for, line by line: the same lines get the same gates.
// More runs on demand: FC_RUNS=20000 npx vitest run test/bundle/gates.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Gate, GATE_SEARCHES, gatesOf } from "../../src/bundle/redact/gates.js";
import { isSecretParameter } from "../../src/bundle/redact/shapes.js";
import { forEachLongRun } from "../../src/bundle/redact/token-runs.js";

const RUNS = Number(process.env.FC_RUNS ?? 2000);

/** The gates of one line as the patterns give them. */
function referenceGates(line: string): number {
  let gates = 0;
  if (/:\/\/[^\s/?#@"'<>]{1,512}@/.test(line)) gates |= Gate.userinfo;
  for (const [, name] of line.matchAll(/[?&;]([A-Za-z0-9_.\-[\]]+)=/g))
    if (isSecretParameter(name)) gates |= Gate.query;
  if (/sk-|gh[pousr]_|github_pat_|xox[abprs]-|AKIA|AIza/.test(line)) gates |= Gate.providerKey;
  if (/eyJ/.test(line)) gates |= Gate.jwt;
  return gates;
}

const CHECKED = Gate.userinfo | Gate.query | Gate.providerKey | Gate.jwt;

const PIECES = [
  "://",
  ":/",
  "//",
  ":",
  "/",
  "@",
  "@@",
  "a",
  "Z9",
  " ",
  "\t",
  "\u00a0",
  "\u2028",
  '"',
  "'",
  "<",
  ">",
  "#",
  "?",
  "&",
  ";",
  "=",
  "[",
  "]",
  ".",
  "-",
  "_",
  "\n",
  "token",
  "sig",
  "beta",
  "api_key",
  "s",
  "k-",
  "sk-",
  "gh",
  "ghp_",
  "ghx_",
  "github",
  "_pat_",
  "xox",
  "xoxb-",
  "ox",
  "AKIA",
  "AIza",
  "e",
  "yJ",
  "eyJ",
  "é",
  "😀",
  "u".repeat(511),
  `://${"u".repeat(511)}`,
  `://${"u".repeat(512)}`,
  `://${"u".repeat(513)}`,
  "?token=",
  ";sig=",
  "&api_key=",
  "&beta=",
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => pieces.join(""));

describe("gates found without regular expressions", () => {
  it("open on the lines whose patterns match", () => {
    fc.assert(
      fc.property(text, (joined) => {
        const lines = joined.split("\n");
        const gates = gatesOf(lines, GATE_SEARCHES);
        expect(Array.from(gates, (g) => g & CHECKED)).toEqual(lines.map(referenceGates));
      }),
      { numRuns: RUNS },
    );
  });

  it("long runs are the maximal matches of the run pattern", () => {
    const runText = fc
      .array(fc.constantFrom("a", "Z", "7", "+", "/", "=", "_", "-", " ", ".", "é", "x".repeat(10)), { maxLength: 80 })
      .map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(runText, fc.integer({ min: 1, max: 30 }), (line, min) => {
        const found: number[][] = [];
        forEachLongRun(line, min, (start, end) => found.push([start, end]));
        const expected = [...line.matchAll(new RegExp(`[A-Za-z0-9+/=_-]{${min},}`, "g"))].map((m) => [
          m.index,
          m.index + m[0].length,
        ]);
        expect(found).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
