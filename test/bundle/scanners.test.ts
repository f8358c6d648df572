// The redactor's scanning loops (src/bundle/redact/scanners.ts) against the regular expressions they
// stand for: on text made of what the patterns react to, the same values are handed over in the
// same order, and the same text comes out.
// More runs on demand: FC_RUNS=20000 npx vitest run test/bundle/scanners.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isSpace,
  replaceAuthorizationValues,
  replaceJsonMembers,
  replaceQueryValues,
  type ValueReplacer,
} from "../../src/bundle/redact/scanners.js";

const RUNS = Number(process.env.FC_RUNS ?? 2000);

/** The patterns as the redactor had them, each with how a match's groups give (name, value) and the rest. */
const REFERENCES: [string, (text: string, replace: ValueReplacer) => string, RegExp, (m: string[]) => string][] = [
  [
    "query parameters",
    replaceQueryValues,
    /([?&;])([A-Za-z0-9_.\-[\]]+)=([^&#\s"'<>]*)/g,
    ([, sep, name, value]) => `${sep}${name}=${CURRENT!(name, value)}`,
  ],
  [
    "JSON members",
    replaceJsonMembers,
    /(\\*"([^"\\]{1,80})\\*"\s*:\s*\\*")((?:[^"\\]|\\[^"])*)(?=\\*")/g,
    ([, head, name, value]) => head + CURRENT!(name, value),
  ],
  [
    "authorization headers",
    replaceAuthorizationValues,
    /\b((?:proxy-)?authorization\\?"?\s*[:=]\s*\\?"?\s*)(?:(Token|Digest|ApiKey|Key)(\s+))?([^\s"\\,;]+)/gi,
    ([, head, scheme = "", space = "", value]) => `${head}${scheme}${space}${CURRENT!("", value)}`,
  ],
];
let CURRENT: ValueReplacer | undefined;

const PIECES = [
  '"',
  '\\"',
  "\\",
  "\\\\",
  ":",
  ": ",
  " ",
  "  ",
  "\t",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\u0085",
  "=",
  "==",
  "?",
  "&",
  ";",
  "#",
  "'",
  "<",
  ">",
  ",",
  "-",
  "_",
  ".",
  "[",
  "]",
  "~",
  "+",
  "/",
  "a",
  "Z",
  "7",
  "é",
  "\u017f",
  "\u212a",
  "\u0131",
  "😀",
  "Bearer",
  "bearer",
  "BASIC",
  "basic",
  "Basi",
  "Authorization",
  "authorization",
  "proxy-authorization",
  "Proxy-Authorization",
  "xauthorization",
  "Token",
  "token",
  "ApiKey",
  "key",
  "KEY",
  "Digest",
  "api_key",
  "sk-ant-oat01-Zq8Lm3Np7Rt2",
  "[REDACTED:secret#4]",
  "x".repeat(79),
  "y".repeat(80),
  "z".repeat(81),
];

/** The starts of matches, so that most texts hold a few. */
const OPENINGS = [
  "?a=",
  "&token=",
  ";x[]=",
  '"token":"',
  '\\"key\\":\\"',
  '"a" : "',
  '\\\\"name\\\\":\\\\"',
  "Bearer ",
  "basic\t",
  " BEARER  ",
  "Authorization: ",
  'authorization\\":\\"',
  "proxy-authorization=",
  "Token ",
  "ApiKey  ",
  `"${"n".repeat(80)}":"`,
  `"${"n".repeat(81)}":"`,
];

const text = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...PIECES), weight: 3 }, fc.constantFrom(...OPENINGS)), {
    maxLength: 20,
  })
  .map((pieces) => pieces.join(""));

/** A replacer that records its calls and changes some values (by a property of the value), not others. */
function recorder(): { calls: string[]; replace: ValueReplacer } {
  const calls: string[] = [];
  return {
    calls,
    replace: (name, value) => {
      calls.push(JSON.stringify([name, value]));
      return value.length % 3 === 1 ? value : `<${value.length}>`;
    },
  };
}

describe("the redactor's scanners match as their regular expressions do", () => {
  it("isSpace is \\s", () => {
    for (let code = 0; code < 0x10000; code++) expect(isSpace(code)).toBe(/\s/.test(String.fromCharCode(code)));
  });

  for (const [name, scan, pattern, rebuild] of REFERENCES) {
    it(name, () => {
      fc.assert(
        fc.property(text, (line) => {
          const expected = recorder();
          CURRENT = expected.replace;
          const reference = line.replace(pattern, (...args) => rebuild(args.slice(0, -2) as string[]));
          const actual = recorder();
          expect(scan(line, actual.replace)).toBe(reference);
          expect(actual.calls).toEqual(expected.calls);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("a line no value of which changes comes back as the same string", () => {
    const line = 'x {"authorization":"Bearer [REDACTED:x#1]"} https://h/p?token=[REDACTED:y#2]&a=1';
    const same: ValueReplacer = (_name, value) => value;
    for (const [, scan] of REFERENCES) expect(scan(line, same)).toBe(line);
  });
});
