// secretSpans: the same spans as jsonc-parser's (recursive) visitor on what it can read, in one pass
// on what it cannot (nesting 100,000 deep), with the path cut short but still naming its secret.
import fc from "fast-check";
import { visit } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { MAX_PATH_NAMES, replaceSpans, secretSpans, type SecretSpan } from "../../src/bundle/redact/jsonc.js";
import { isSecretName } from "../../src/secrets.js";

/**
 * The deep cases are linear, well under a second here; a walk quadratic in the depth would run for
 * minutes. The test's timeout is the guard: a bound on wall time a loaded machine still meets (the
 * bench times the real case: "doctor, a config nested 100,000 deep").
 */
const QUADRATIC_WOULD_HANG_MS = 30_000;

/** The visitor-based walk secretSpans replaced: the reference for files of ordinary depth. */
function referenceSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const path: string[] = [];
  let pendingKey: string | undefined;
  const container: ("object" | "array")[] = [];
  const enter = (kind: "object" | "array") => {
    path.push(pendingKey ?? (container.at(-1) === "array" ? "[]" : ""));
    pendingKey = undefined;
    container.push(kind);
  };
  const leave = () => {
    path.pop();
    container.pop();
  };
  visit(
    text,
    {
      onObjectBegin: () => enter("object"),
      onObjectEnd: leave,
      onArrayBegin: () => enter("array"),
      onArrayEnd: leave,
      onObjectProperty: (name) => {
        pendingKey = name;
      },
      onLiteralValue: (value, offset, length) => {
        const memberPath = [...path.slice(1), pendingKey ?? "[]"];
        pendingKey = undefined;
        if (typeof value !== "string" || value === "") return;
        const envVar = memberPath.length === 3 && memberPath[0] === "env" && memberPath[1] === "vars";
        if (memberPath.some(isSecretName) || envVar) spans.push({ offset, length, value, path: memberPath });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return spans;
}

describe("secretSpans", () => {
  const cases: [string, string, string[][]][] = [
    ["a secret-named member", '{ "gateway": { "auth": { "token": "t-1" } } }', [["gateway", "auth", "token"]]],
    ["below a secret-named member", '{ "credentials": { "value": "v-1", "n": 3 } }', [["credentials", "value"]]],
    [
      "every env.vars value",
      '{ "env": { "vars": { "NODE_ENV": "production", "X": "" } } }',
      [["env", "vars", "NODE_ENV"]],
    ],
    [
      "arrays",
      '{ "apiKey": ["k-1", "k-2"], "list": [{ "token": "k-3" }] }',
      [
        ["apiKey", "[]"],
        ["apiKey", "[]"],
        ["list", "[]", "token"],
      ],
    ],
    ["comments and trailing commas", '// c\n{ /* x */ "token": "k-1", }\n', [["token"]]],
    [
      "past a syntax error",
      '{ "agents": [], "gateway": { "auth": { "token": "k-1" } }, oops\n',
      [["gateway", "auth", "token"]],
    ],
    ["a member name is not a value", '{ "token": { "nested": 1 }, "key": "k-1" }', [["key"]]],
  ];
  for (const [what, text, paths] of cases) {
    it(what, () => {
      expect(secretSpans(text).map((s) => s.path)).toEqual(paths);
    });
  }

  it("finds what jsonc-parser's visitor finds, on any JSON value, pretty or not", () => {
    const key = fc.constantFrom("token", "env", "vars", "name", "apiKey", "list", "credentials", "x", "NODE_ENV");
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        tie("object"),
        tie("array"),
      ),
      object: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
      array: fc.array(tie("node"), { maxLength: 4 }),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        expect(secretSpans(text)).toEqual(referenceSpans(text));
      }),
      { numRuns: 300 },
    );
  });

  it(
    "a config nested 100,000 deep: one pass, no stack overflow, the secret inside found, its path cut short",
    () => {
      const depth = 100_000;
      const text =
        '{ "token": ' +
        '{ "a": '.repeat(depth) +
        '"deep-secret-value"' +
        " }".repeat(depth) +
        ', "arr": ' +
        "[".repeat(depth) +
        "]".repeat(depth) +
        " }";
      const spans = secretSpans(text);
      expect(spans).toHaveLength(1);
      expect(spans[0].value).toBe("deep-secret-value");
      expect(spans[0].path).toHaveLength(MAX_PATH_NAMES + 1);
      expect(spans[0].path[0]).toBe("token");
      expect(replaceSpans(text, spans, () => "X")).toContain('"a": "X" }');
    },
    QUADRATIC_WOULD_HANG_MS,
  );

  it(
    "many values deep under a secret name cost no more than their number",
    () => {
      const depth = 20_000;
      const text = '{ "credentials": ' + '["s-value", '.repeat(depth) + "1" + "]".repeat(depth) + " }";
      const spans = secretSpans(text);
      expect(spans).toHaveLength(depth);
      expect(Math.max(...spans.map((s) => s.path.length))).toBeLessThanOrEqual(MAX_PATH_NAMES + 1);
      expect(spans.every((s) => s.path.includes("credentials"))).toBe(true);
    },
    QUADRATIC_WOULD_HANG_MS,
  );
});
