// The redactor's gates (src/bundle/redact/gates.ts) and anchored searches only skip work: lines
// made of the pieces every stage reacts to, redacted in batches of any size, come out exactly as
// the same lines redacted one by one with every stage run on each, with the same counts.
// More runs on demand: FC_RUNS=2000 npx vitest run test/bundle/redactor-gates.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/bundle/redact/redactor.js";

const RUNS = Number(process.env.FC_RUNS ?? 200);
const HOME = "/home/bench";
const SECRETS = ["sk-ant-api03-Zq8Lm3Np7Rt2Vx9Yb4Kd6Hf1Jg5Wc0Xe2", "gwTokZq8Lm3Np7Rt2Vx9Yb4", 'pa"ss/wo\\rd-é-long1'];

const word = (chars: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const NAMES = [
  "token",
  "api_key",
  "API_KEY",
  "Authorization",
  "Proxy-Authorization",
  "Cookie",
  "set-cookie",
  "Bearer",
  "basic",
  "password",
  "passwd",
  "secret",
  "access",
  "refresh",
  "credentials",
  "credential",
  "tokens_in",
  "monkey",
  "x.key",
];

/** What some stage reacts to, and what stops or separates it. */
const piece = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.constantFrom("=", ": ", " = ", " ", ":", '":"', '\\":\\"', "\t"),
      fc.constantFrom("", "'", '"'),
      word(ALNUM, 0, 14),
    )
    .map((parts) => parts.join("")),
  fc.constantFrom(...NAMES),
  fc.constantFrom(
    "=",
    ":",
    ": ",
    " ",
    '"',
    '\\"',
    "&",
    "?",
    ";",
    ",",
    "--",
    "-",
    "/",
    "@",
    "#",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\t",
    ".",
    "+",
    "%2F",
    "://",
    "\u2028",
    "é",
    "😀",
  ),
  fc.constantFrom(
    HOME,
    `${HOME}/.clawdia`,
    "%2Fhome%2Fbench",
    "/home/benchmark",
    "[REDACTED:secret#1]",
    "true",
    "MY_VAR_NAME",
    "abc…xyz",
    ...SECRETS,
  ),
  word(ALNUM, 1, 12),
  word(`${ALNUM}+/=_-`, 20, 40),
  word(ALNUM, 10, 20).map((w) => `https://user:${w}@host.example/p?token=${w}&x=1`),
  fc
    .tuple(
      fc.constantFrom("sk-ant-api03-", "sk-ant-oat01-", "sk-or-v1-", "sk-proj-", "ghp_", "xoxb-", "AIza"),
      word(ALNUM, 30, 40),
    )
    .map(([prefix, w]) => prefix + w),
  word("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16, 16).map((w) => `AKIA${w}`),
  word(ALNUM, 8, 20).map((w) => `eyJ${w}.eyJ${w}.${w}`),
  word(ALNUM, 8, 16).map((w) => `Cookie: a=${w}; b=${w}x`),
  word(ALNUM, 8, 16).map((w) => `"x-api-key": "${w}"`),
  word(ALNUM, 8, 16).map((w) => `\\"secret\\":\\"${w}\\"`),
  word(ALNUM, 8, 16).map((w) => `--token ${w}`),
  word(ALNUM, 8, 16).map((w) => `Environment=ANTHROPIC_API_KEY=${w}`),
);
const line = fc
  .tuple(fc.array(piece, { minLength: 0, maxLength: 8 }), fc.constantFrom("", " ", " ", "&", ", ", "\t"))
  .map(([pieces, between]) => pieces.join(between));

describe("the redactor's gates change nothing but the cost", () => {
  it("batches of random lines: the same output and counts as every stage on every line, one line at a time", () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 8 }),
        (lines, sizes) => {
          const reference = new Redactor({ secrets: SECRETS, home: HOME, everyStage: true });
          const want = lines.map((text) => reference.redactLine(text));
          const gated = new Redactor({ secrets: SECRETS, home: HOME });
          const got: string[] = [];
          for (let at = 0, i = 0; at < lines.length; i++) {
            const batch = lines.slice(at, at + sizes[i % sizes.length]);
            gated.redactLines(batch);
            got.push(...batch);
            at += batch.length;
          }
          expect(got).toEqual(want);
          expect(gated.summary()).toEqual(reference.summary());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a long run of one character that a known secret ends in: found where it is, and nowhere else", () => {
    const secret = `sk-ant-oat01-bench7${"x".repeat(34)}`;
    const redactor = new Redactor({ secrets: [secret], home: HOME });
    const lines = [`Bearer ${secret} and ${"x".repeat(5000)}`, `${"x".repeat(40)}${secret}`];
    redactor.redactLines(lines);
    expect(lines[0]).toMatch(/^Bearer \[REDACTED:anthropic-oauth-token#1\] and x{5000}$/);
    expect(lines[1]).toBe(`${"x".repeat(40)}[REDACTED:anthropic-oauth-token#1]`);
  });
});
