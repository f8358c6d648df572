// The one masker of every output, as a table of the forms a secret takes: each must come out as the
// secret's fingerprint, with nothing of the secret left.
import { describe, expect, it } from "vitest";
import { fingerprint } from "../../src/auth/fingerprint.js";
import { SecretMatcher } from "../../src/redact/matcher.js";
import { maskOutput } from "../../src/redact/mask-output.js";
import { maskFileText } from "../../src/redact/raw-text.js";

const PLAIN = "Zq8Lm3Np7Rt2Vx9Yb4Wc6Ud1Se5Tf";
const SLASHED = "Zq8Lm3Np7Rt2/Vx9Yb4Wc6Ud1Se5Tf";
const QUOTED = 'gw"Tok\\en-Zq8Lm3Np7Rt2Vx9Yb4';
const UNICODE = "pässwörd-Zq8Lm3Np7Rt2Vx9Yb4-ключ";
const SPACED = "correct horse battery Zq8Lm3";
const SECRETS = [PLAIN, SLASHED, QUOTED, UNICODE, SPACED];

const json = (text: string) => JSON.stringify(text).slice(1, -1);
const uEscape = (text: string, keep: RegExp) =>
  text
    .split("")
    .map((unit) => (keep.test(unit) ? unit : `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`))
    .join("");

describe("maskOutput: every form of a known secret becomes its fingerprint", () => {
  const cases: { form: string; secret: string; text: string }[] = [
    { form: "as it is", secret: PLAIN, text: PLAIN },
    { form: "JSON-escaped", secret: QUOTED, text: json(QUOTED) },
    { form: "JSON-escaped twice (JSON in a JSON string)", secret: QUOTED, text: json(json(QUOTED)) },
    { form: "with / escaped as \\/", secret: SLASHED, text: SLASHED.replace("/", "\\/") },
    { form: "with / escaped as \\u002f", secret: SLASHED, text: SLASHED.replace("/", "\\u002f") },
    { form: "with / escaped as \\u002F", secret: SLASHED, text: SLASHED.replace("/", "\\u002F") },
    { form: "non-ASCII as \\uXXXX (Python's json.dumps)", secret: UNICODE, text: uEscape(UNICODE, /[\x00-\x7f]/) },
    { form: "non-ASCII as \\uXXXX, twice escaped", secret: UNICODE, text: json(uEscape(UNICODE, /[\x00-\x7f]/)) },
    { form: "every sign escaped (.NET, Go)", secret: QUOTED, text: uEscape(QUOTED, /[A-Za-z0-9_.-]/) },
    { form: "URL-encoded", secret: SLASHED, text: encodeURIComponent(SLASHED) },
    {
      form: "URL-encoded, lower-case hex",
      secret: UNICODE,
      text: encodeURIComponent(UNICODE).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    },
    { form: "URL-encoded, spaces as +", secret: SPACED, text: encodeURIComponent(SPACED).replace(/%20/g, "+") },
  ];
  it.each(cases)("$form", ({ secret, text }) => {
    const out = maskOutput(`before ${text} after`, SECRETS);
    expect(out).toBe(`before ${fingerprint(secret)} after`);
  });

  it("a secret inside a longer one: the longer is masked whole", () => {
    const longer = `${PLAIN}-and-more-of-it`;
    expect(maskOutput(`x ${longer} y ${PLAIN}`, [PLAIN, longer])).toBe(
      `x ${fingerprint(longer)} y ${fingerprint(PLAIN)}`,
    );
  });

  it("key shapes nobody named: provider keys, a GitHub token (also as a config key name), a JWT", () => {
    const github = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";
    const out = maskOutput(`"${github}": 1, sk-ant-api03-Ab12Cd34Ef56Gh78, ${jwt}`, []);
    expect(out).not.toContain(github.slice(4, 20));
    expect(out).not.toContain("Ab12Cd34Ef56Gh78");
    expect(out).not.toContain("eyJzdWIiOiIxMjM0In0");
  });

  it("fingerprints are not masked again, and ordinary text is left alone", () => {
    const text = `sk-ant-oat01-…Xy9Q and the word secret, a hash 9f86d081884c7d659a2feaa0c55ad015`;
    expect(maskOutput(text, SECRETS)).toBe(text);
  });

  it("many secrets sharing their start (sk-ant-oat01-…) are each found", () => {
    const many = Array.from(
      { length: 2000 },
      (_, i) => `sk-ant-oat01-${i.toString(36).padStart(6, "0")}Tail${(i * 7919).toString(36)}xx`,
    );
    const text = many.filter((_, i) => i % 97 === 0).join(" | ");
    const out = maskOutput(text, many);
    for (const secret of many) expect(out).not.toContain(secret);
  });
});

describe("SecretMatcher", () => {
  it("finds matches leftmost first, none overlapping, across the whole text", () => {
    const matcher = new SecretMatcher("output", ["abcdefgh12", "fgh12345678"]);
    expect(matcher.find("xxabcdefgh12345678yy")).toEqual([{ start: 2, end: 12, secret: "abcdefgh12" }]);
  });

  it("in logs, a secret's first characters take the rest of their token", () => {
    const secret = "Qx9PrefixKnown-0123456789abcdef";
    const matcher = new SecretMatcher("logs", [secret]);
    expect(matcher.replaceIn(`cut: ${secret.slice(0, 16)}ZZZ9 end`, () => "[R]")).toBe("cut: [R] end");
  });
});

describe("maskFileText: the raw text a diff shows", () => {
  it("JSON: a string written with escapes its value has not is masked as its value", () => {
    const raw = `{ "gateway": { "auth": { "token": "gw\\"Tok\\\\en-Zq8Lm3Np7Rt2Vx9Yb4" } },\n  "key": "sk-ant-api03-Qx\\u0039Zq8Lm3Np7Rt2Vx9Yb4" }`;
    const out = maskFileText(raw, "json", []);
    expect(out).not.toContain("Zq8Lm3Np7Rt2Vx9Yb4");
    expect(out.split("\n")).toHaveLength(2);
  });

  it("JSON: a secret-named member is masked even in a file that does not parse, and key names are checked", () => {
    const raw = `{ "password": "hunter2-but-longer", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8": true, `;
    const out = maskFileText(raw, "json", []);
    expect(out).not.toContain("hunter2-but-longer");
    expect(out).not.toContain("A1b2C3d4E5f6G7h8");
  });

  it(".env: a value spanning lines, a secret-named value, a line that is not an assignment", () => {
    const pem = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    const raw = `PORT=8080\nPRIVATE_PEM="-----BEGIN PRIVATE KEY-----\n${pem}\n-----END PRIVATE KEY-----"\nAPI_TOKEN=opaque-value-123456\nthis line is broken Qx7RawLeak1234567\nHOST=example.org\n`;
    const out = maskFileText(raw, "dotenv", []);
    expect(out).not.toContain(pem);
    expect(out).not.toContain("opaque-value-123456");
    expect(out).not.toContain("Qx7RawLeak");
    expect(out).toContain("PORT=8080");
    expect(out).toContain("HOST=example.org");
    expect(out.split("\n")).toHaveLength(raw.split("\n").length);
  });

  it(".env is masked as dotenv reads it: a value from the next line, an escaped known secret, CRLF kept", () => {
    const secret = "opaque-Zq8Lm3Np7Rt2Vx9Yb4";
    const raw = `EMPTY=\r\n"Qx7NextLine1234567"\r\nQUOTED="a\\"${secret}"\r\nPORT=8080 # Qx7Comment\r\n`;
    const out = maskFileText(raw, "dotenv", [`a\\"${secret}`]);
    expect(out).not.toContain("Qx7NextLine");
    expect(out).not.toContain("Zq8Lm3Np7Rt2");
    expect(out).toContain("PORT=8080 # Qx7Comment\r\n");
    expect(out.split("\r\n")).toHaveLength(raw.split("\r\n").length);
  });
});
