// Random secrets holding `"`, `\`, `/` and non-ASCII characters, rendered the ways files and logs
// write them (JSON, JSON inside JSON, `\/` and `\uXXXX` escapes, JSONC files, .env lines, unit
// lines, log lines), go through the masker of each output: none of the secret may be left.
// More runs on demand: FC_RUNS=5000 npx vitest run test/redact/properties.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/bundle/redact/redactor.js";
import { maskOutput } from "../../src/redact/mask-output.js";
import { maskFileText } from "../../src/redact/raw-text.js";

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SPECIAL = ['"', "\\", "/", "é", "ß", "ключ", "😀", "+", "&", "<", " ", "%", "="];

/** A secret: specials around a random core of 14 letters and digits, which every leak would show whole. */
const secretArb = fc
  .record({
    head: fc.array(fc.constantFrom(...SPECIAL), { minLength: 1, maxLength: 4 }),
    core: fc.stringMatching(/^[A-Za-z0-9]{14}$/),
    tail: fc.array(fc.constantFrom(...SPECIAL, "x", "7"), { minLength: 1, maxLength: 4 }),
  })
  .map(({ head, core, tail }) => ({ secret: `${head.join("")}${core}${tail.join("")}`, core }));

const json = (text: string) => JSON.stringify(text).slice(1, -1);
const asciiJson = (text: string) =>
  json(text).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const renderings: Record<string, (secret: string) => string> = {
  "a JSON log line": (s) => JSON.stringify({ msg: "call", detail: `with ${s}` }),
  "JSON inside a JSON string": (s) => JSON.stringify({ msg: JSON.stringify({ detail: s }) }),
  "JSON with \\/": (s) => JSON.stringify({ detail: s }).replace(/\//g, "\\/"),
  "JSON with non-ASCII as \\uXXXX": (s) => `{"detail":"${asciiJson(s)}"}`,
  "a unit line": (s) => `Environment="GATEWAY_SERVICE_TOKEN=${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`,
  "URL-encoded in a query": (s) => `GET /callback?state=${encodeURIComponent(s)}`,
};

describe("no random secret survives any rendering", () => {
  it("through the CLI's masker", () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...Object.keys(renderings)), ({ secret, core }, how) => {
        expect(maskOutput(`a ${renderings[how](secret)} b`, [secret])).not.toContain(core);
      }),
      { numRuns: RUNS },
    );
  });

  it("through the bundle's redactor", () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...Object.keys(renderings)), ({ secret, core }, how) => {
        const redactor = new Redactor({ secrets: [secret], home: "/home/alice" });
        expect(redactor.redactLine(renderings[how](secret))).not.toContain(core);
      }),
      { numRuns: RUNS },
    );
  });

  it("through a diff's raw-text masking: a JSONC file and a .env file, whatever its name", () => {
    fc.assert(
      fc.property(secretArb, fc.stringMatching(/^[A-Z][A-Z_]{2,12}$/), ({ secret, core }, name) => {
        const jsonc = `{\n  // a comment\n  "${name.toLowerCase()}": "${asciiJson(secret)}",\n  "other": "${json(secret)}"\n}\n`;
        expect(maskFileText(jsonc, "json", [secret])).not.toContain(core);
        // Unquoted, a value is one word (the parser would trim it): as such it is the secret the state knows.
        const word = secret.replace(/[\s"'`#]/g, "_");
        const dotenv = `${name}="${secret.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"\n${name}_B=${word}\n`;
        expect(maskFileText(dotenv, "dotenv", [secret, word])).not.toContain(core);
      }),
      { numRuns: RUNS },
    );
  });
});
