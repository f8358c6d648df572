// A log's lines through SelectAndRedact (each slice one string, the known secrets searched once in it,
// unchanged lines passed on as their own bytes: src/bundle/redact/line-spans.ts) against the plain
// reference: every line on its own, every stage on each. Random lines with the state's secrets planted
// in the forms a log writes them (as they are, JSON-escaped once and twice, with `\/` and `\uXXXX`,
// URL-encoded, base64 alone and inside a blob, cut short), "\r" line ends, non-ASCII text, and lines
// that teach the redactor a secret a later line repeats. Same bytes, same counts, and no form of a
// secret left in the output.
// More runs on demand: FC_RUNS=2000 npx vitest run test/bundle/line-spans.test.ts
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SelectAndRedact } from "../../src/bundle/logs/select-lines.js";
import { Redactor } from "../../src/bundle/redact/redactor.js";
import { formsOf } from "../../src/redact/forms.js";

const RUNS = Number(process.env.FC_RUNS ?? 150);
const HOME = "/home/bench";
const SECRETS = [
  "sk-ant-api03-Zq8Lm3Np7Rt2Vx9Yb4Kd6Hf1Jg5Wc0Xe2",
  "gwTokZq8Lm3Np7Rt2/Vx9Yb4",
  'pa"ss/wo\\rd-é-long1',
  "hunter2-Secret+Value",
  "two\nlines-secret-Xy9Q",
];

const json = (text: string) => JSON.stringify(text).slice(1, -1);
const base64 = (text: string) => Buffer.from(text).toString("base64");
/** Each secret the ways a log may write it. */
const planted = fc.tuple(fc.constantFrom(...SECRETS), fc.integer({ min: 0, max: 9 })).map(([secret, form]) => {
  switch (form) {
    case 0:
      return secret;
    case 1:
      return `"${json(secret)}"`;
    case 2:
      return json(`{"k":"${json(secret)}"}`);
    case 3:
      return json(secret).replace(/\//g, "\\/");
    case 4:
      return secret.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    case 5:
      return encodeURIComponent(secret);
    case 6:
      return base64(secret);
    case 7:
      return `Basic ${base64(`user:${secret}`)}`;
    case 8:
      return `{"blob":"${base64(`xx${secret}yyy`)}"}`;
    default:
      return secret.slice(0, 18) + "Tail9";
  }
});

const word = (chars: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const piece = fc.oneof(
  { arbitrary: planted, weight: 3 },
  fc.constantFrom(
    "2026-11-27T12:00:00.123Z info",
    "model=anthropic/claude-opus-4-5",
    "?beta=true",
    "&sig=",
    "tokens_in=5",
    " ",
    ", ",
    "é",
    "😀",
    "\u2028",
    "\t",
    '"',
    "\\",
    "/",
    "=",
    HOME,
    `${HOME}/x`,
  ),
  word(ALNUM, 1, 12),
  word(`${ALNUM}+/=_-`, 20, 40),
  // Lines that teach a secret: a URL's password, a field's value; later lines repeat it bare.
  fc.constantFrom("learned-Passw0rd-1", "learned-Passw0rd-2").map((w) => `https://u:${w}@host/p?token=${w}`),
  fc.constantFrom("learned-Passw0rd-1", "learned-Passw0rd-2", "learned-Fi3ld-Value"),
  fc.constantFrom("learned-Fi3ld-Value").map((w) => `"api_key": "${w}"`),
  // A secret's name as a JSON member (also escaped) and as an assignment, alone or in one line:
  // each opens only its part of the field stage.
  fc.constantFrom(
    '\\"access_token\\":\\"learned-Fi3ld-Value\\"',
    "--api-key learned-Fi3ld-Value",
    "password: learned-Fi3ld-Value",
    '"token"',
    "key=",
    'secret="',
  ),
  word(ALNUM, 8, 16).map((w) => `Authorization: Bearer ${w}`),
);
const line = fc
  .tuple(fc.array(piece, { maxLength: 6 }), fc.constantFrom("", "", "\r"))
  .map(([pieces, end]) => pieces.join(" ") + end);

async function throughStream(redactor: Redactor, text: string, cuts: number[]): Promise<string> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  let at = 0;
  for (const cut of cuts) {
    const to = Math.min(bytes.length, at + cut);
    chunks.push(bytes.subarray(at, to));
    at = to;
  }
  chunks.push(bytes.subarray(at));
  const out: Buffer[] = [];
  for await (const piece of Readable.from(chunks.filter((c) => c.length > 0)).pipe(new SelectAndRedact(redactor)))
    out.push(piece as Buffer);
  return Buffer.concat(out).toString();
}

describe("a log's lines redacted a slice at a time", () => {
  it("come out as every line redacted on its own with every stage, and no secret is left in any form", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 6 }),
        async (lines, cuts) => {
          const text = lines.join("\n") + "\n";
          const reference = new Redactor({ secrets: SECRETS, home: HOME, everyStage: true });
          const want = text
            .slice(0, -1)
            .split("\n")
            .map((l) => reference.redactLine(l.endsWith("\r") ? l.slice(0, -1) : l) + "\n")
            .join("");
          const redactor = new Redactor({ secrets: SECRETS, home: HOME });
          const got = await throughStream(redactor, text, cuts);
          expect(got).toBe(want);
          expect(redactor.summary()).toEqual(reference.summary());
          for (const secret of SECRETS.filter((s) => !s.includes("\n"))) {
            for (const form of formsOf(secret, "logs")) if (!form.prefix) expect(got).not.toContain(form.text);
          }
          // A learned secret is redacted where it is taught and in every line after that one.
          const outLines = got.split("\n");
          const inLines = text.split("\n"); // a planted secret may hold a newline: lines of the text, not of the array
          for (const secret of ["learned-Passw0rd-1", "learned-Passw0rd-2", "learned-Fi3ld-Value"]) {
            const taught = inLines.findIndex((l) => l.includes(`u:${secret}@`) || l.includes(`"api_key": "${secret}"`));
            if (taught !== -1) expect(outLines.slice(taught + 1).join("\n")).not.toContain(secret);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a slice of clean ASCII lines is passed on byte for byte, CRs dropped", async () => {
    const lines = Array.from(
      { length: 5000 },
      (_, i) =>
        `2026-11-27T12:00:00.${String(i % 1000).padStart(3, "0")}Z info request ${i} model=anthropic/claude-opus-4-5${i % 7 === 0 ? "\r" : ""}`,
    );
    const redactor = new Redactor({ secrets: SECRETS, home: HOME });
    const got = await throughStream(redactor, lines.join("\n") + "\n", [65_536, 3, 100_000]);
    expect(got).toBe(lines.map((l) => l.replace(/\r$/, "") + "\n").join(""));
  });
});
