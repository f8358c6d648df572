// The known-secret matcher against the plainest search there is: every form looked for at every
// position with startsWith, the leftmost and longest kept. Secrets and texts are drawn from a
// small alphabet with long runs of one character, where the matcher's skips and its run jumps
// (a form ending "…xxxxxxxx" inside "xxxx…xxxx") are most likely to miss an end.
// More runs on demand: FC_RUNS=5000 npx vitest run test/redact/matcher.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formsOf, type FormSet } from "../../src/redact/forms.js";
import { SecretMatcher, type SecretMatch } from "../../src/redact/matcher.js";

const RUNS = Number(process.env.FC_RUNS ?? 300);
const TOKEN = /[A-Za-z0-9+/=_~-]/;

function reference(text: string, secrets: string[], set: FormSet): SecretMatch[] {
  const forms = [...new Set(secrets)]
    .filter((secret) => secret.length >= 8)
    .flatMap((secret) => formsOf(secret, set))
    .filter((form) => form.text.length >= 8);
  const found: SecretMatch[] = [];
  for (let start = 0; start < text.length; start++) {
    for (const form of forms) {
      if (!text.startsWith(form.text, start)) continue;
      let end = start + form.text.length;
      if (form.prefix) while (end < text.length && TOKEN.test(text[end])) end++;
      const secret =
        !form.prefix || (end === start + form.secret.length && text.startsWith(form.secret, start))
          ? form.secret
          : text.slice(start, end);
      found.push({ start, end, secret });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretMatch[] = [];
  let reached = 0;
  for (const match of found) if (match.start >= reached) (kept.push(match), (reached = match.end));
  return kept;
}

const piece = fc.oneof(
  fc.stringMatching(/^[abx7]{1,6}$/),
  fc.integer({ min: 1, max: 60 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 1, max: 30 }).map((n) => "7".repeat(n)),
);
const secretArb = fc
  .tuple(fc.stringMatching(/^[ab7x]{0,6}$/), fc.integer({ min: 0, max: 40 }), fc.stringMatching(/^[ab]{0,3}$/))
  .map(([head, run, tail]) => `${head}${"x".repeat(run)}${tail}`);

describe("SecretMatcher.find", () => {
  for (const set of ["logs", "output"] as const) {
    it(`finds what a search at every position finds (${set} forms, runs of one character)`, () => {
      fc.assert(
        fc.property(
          fc.array(secretArb, { minLength: 1, maxLength: 4 }),
          fc.array(fc.oneof(piece, fc.constant("")), { maxLength: 12 }),
          (secrets, pieces) => {
            // The secrets themselves go into the text too, so that there is something to find.
            const text = pieces.map((p, i) => p + (i % 3 === 0 ? secrets[i % secrets.length] : "")).join("");
            const matcher = new SecretMatcher(set, secrets);
            expect(matcher.find(text)).toEqual(reference(text, secrets, set));
          },
        ),
        { numRuns: RUNS },
      );
    });
  }

  it.each([
    ["the secret ends a long run", "abxxxxxxxxxx", `${"x".repeat(50)}abxxxxxxxxxx${"x".repeat(50)}`],
    ["the run in the text is shorter than the secret's", "abxxxxxxxxxx", "abxxxxxxxx then abxxxxxxxxxx"],
    ["two secrets end in runs of different lengths", "b7xxxxxxxx", "zzb7xxxxxxxxxxxxxxxx b7xxxxxxxx"],
    ["a secret of one character repeated", "xxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    // Matches come in the order of their ends; these overlap so much that putting them in order by
    // their starts moves each far back, and the matcher hands that over to sort().
    ["a secret that repeats in itself, over and over", "ab".repeat(30), "ab".repeat(2000)],
    ["short secrets inside long ones", "a7b7a7b7a7b7a7b7a7b7", "xa7b7a7b7a7b7a7b7a7b7a7b7a7b7a7b7a7b7"],
    ["short secrets inside long ones, over and over", "a7b7".repeat(50), `x${"a7b7".repeat(500)}`],
  ])("%s", (_, secret, text) => {
    const secrets =
      secret === "b7xxxxxxxx"
        ? [secret, "a7xxxxxxxxxxxxxxxx"]
        : secret.startsWith("a7b7")
          ? [secret, "a7b7a7b7", "b7a7b7a7b7"]
          : [secret];
    expect(new SecretMatcher("logs", secrets).find(text)).toEqual(reference(text, secrets, "logs"));
  });

  it("a megabyte of the secret's last character before it: the secret is found once, where it is", () => {
    const matcher = new SecretMatcher("logs", ["sk-ant-oat01-bench2xxxxxxxxxxxxxxxxxxxxxxxxxxx"]);
    const text = `${"x".repeat(1 << 20)} sk-ant-oat01-bench2xxxxxxxxxxxxxxxxxxxxxxxxxxx`;
    expect(matcher.find(text)).toEqual([
      { start: (1 << 20) + 1, end: text.length, secret: "sk-ant-oat01-bench2xxxxxxxxxxxxxxxxxxxxxxxxxxx" },
    ]);
  });
});
