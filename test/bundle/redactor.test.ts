// The bundle's redactor, as tables: what must go (each line keeps none of the secret, not even its
// first characters) and what must stay (ordinary log text is not mangled).
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/bundle/redact/redactor.js";
import { formsOf } from "../../src/redact/forms.js";
import { looksRandom } from "../../src/bundle/redact/shapes.js";

const HOME = "/home/alice";
const KNOWN = "Zq7Known-Opaque/Secret+Value=42xx"; // no known shape: only exact matching finds it
const redactor = () => new Redactor({ secrets: [KNOWN], home: HOME });

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("what is redacted", () => {
  const cases: [string, string, string][] = [
    // [what, line, secret that must not survive]
    ["a known secret as is", `using ${KNOWN} now`, KNOWN],
    ["a known secret URL-encoded", `GET /x?v=${encodeURIComponent(KNOWN)}`, KNOWN],
    ["a known secret in base64", `blob ${b64(KNOWN)}`, KNOWN],
    ["a known secret in base64 inside a longer blob", `Basic ${b64("user:" + KNOWN)}`, KNOWN],
    ["a known secret in base64url", `t=${b64(KNOWN).replace(/\+/g, "-").replace(/\//g, "_")}`, KNOWN],
    ["a known secret JSON-escaped", `{"v":${JSON.stringify(KNOWN + '"q')}}`, KNOWN],
    ["the first characters of a known secret", `key starts ${KNOWN.slice(0, 18)}…`, KNOWN.slice(0, 16)],
    ["an Anthropic API key", "key sk-ant-api03-AbCdEfGh12345678IjKlMnOp", "sk-ant-api03-AbCdEfGh"],
    ["a Claude Code token", "token=sk-ant-oat01-AbCdEfGh12345678IjKlMnOp", "AbCdEfGh12345678"],
    ["an OpenRouter key", "sk-or-v1-0123456789abcdef0123456789abcdef", "0123456789abcdef0123"],
    ["an OpenAI project key", "OPENAI sk-proj-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOp"],
    ["a bearer header", "Authorization: Bearer abcDEF123ghiJKL456mnoPQR", "abcDEF123ghiJKL"],
    ["a bare bearer token", "sent bearer Xy9_opaque.Value-1234", "Xy9_opaque.Value"],
    ["a Token authorization", "authorization: Token 9f8e7d6c5b4a3210fedc", "9f8e7d6c5b4a3210"],
    ["URL credentials", "postgres://gateway:Hunter2Password@db.local:5432/x", "Hunter2Password"],
    ["a token in a query", "GET https://api.example.com/v1?token=QwErTy123456&x=1", "QwErTy123456"],
    ["an api_key in a query", "GET /v1?x=1&api_key=zzz999AAAbbb", "zzz999AAAbbb"],
    ["a signature in a query", "GET /f?X-Amz-Signature=abcdef0123456789&sig=Zz12Yy34", "abcdef0123456789"],
    ["a JSON field", `{"level":30,"token":"opaque-value-123","msg":"x"}`, "opaque-value-123"],
    ["an escaped JSON field", `{"body":"{\\"password\\":\\"s3cr3t-pw-value\\"}"}`, "s3cr3t-pw-value"],
    ["a JSON field named like a key", `{"x-api-key": "k-1234567890abcdef"}`, "k-1234567890abcdef"],
    ["an env assignment", "ANTHROPIC_API_KEY=opaque-value-987 started", "opaque-value-987"],
    ["a nested env assignment", "Environment=MY_SERVICE_TOKEN=opaque-value-654", "opaque-value-654"],
    ["a password: value", "db password: Tr0ub4dor&3", "Tr0ub4dor"],
    ["a --token flag", "exec gateway --token opaque-value-321 --port 1", "opaque-value-321"],
    ["a --api-key= flag", "exec gateway --api-key=opaque-value-213", "opaque-value-213"],
    ["a cookie header", "Cookie: session=abc123def456; theme=dark", "abc123def456"],
    ["a JWT", "id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sIgNaTuRe_value", "eyJzdWIiOiIxMjM0In0"],
    ["a long random string", "trace 7fGh2KpQ9xLm4NvB8wRt3YzC6dJs1EaU done", "7fGh2KpQ9xLm4NvB8wRt"],
    ["a GitHub token", "ghp_ABCDEFghijklMNOPqrstUVWXyz0123456789", "ABCDEFghijklMNOP"],
  ];
  for (const [what, line, secret] of cases) {
    it(what, () => {
      const out = redactor().redactLine(line);
      expect(out).not.toContain(secret);
      expect(out).toMatch(/\[REDACTED:[a-z0-9-]+#\d+\]/);
    });
  }
});

describe("what is kept", () => {
  const cases: [string, string][] = [
    ["ordinary text", "gateway started on port 8080 in 12 ms"],
    ["an ISO timestamp", "2026-11-27T12:00:00.123Z info ready"],
    ["a UUID", "request 123e4567-e89b-12d3-a456-426614174000 done"],
    ["a sha256", "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    ["a fingerprint", 'profile anthropic:default key "sk-ant-api03-…Xy9Q"'],
    ["an env var name under a key field", '"envKey": "ANTHROPIC_API_KEY",'],
    ["a camelCase identifier", "at resolveAuthCandidatesForProvider2026Handler (x.js:1:2)"],
    ["a path", "/usr/lib/node_modules/clawdia/dist/cli/chunks/doctor-action-EVOLWSYT.js"],
    ["prose about bearer tokens", "bearer tokens expire; run claude setup-token --provider anthropic"],
    ["a model name", "model anthropic/claude-opus-4-5 via openrouter/auto"],
    ["token counts", '{"input_tokens": 1234, "max_tokens": 4096}'],
    ["an advice command", "clawdia models auth paste-token --provider anthropic"],
  ];
  for (const [what, line] of cases) {
    it(what, () => expect(redactor().redactLine(line)).toBe(line));
  }
});

describe("placeholders and the home directory", () => {
  it("the same value gets the same placeholder in every form, different values different ones", () => {
    const r = redactor();
    const a = r.redactLine(`x ${KNOWN}`).slice(2);
    expect(r.redactLine(`blob ${b64(KNOWN)}`)).toBe(`blob ${a}`);
    expect(r.redactLine(`token=${encodeURIComponent(KNOWN)}`)).toBe(`token=${a}`);
    const other = r.redactLine("token=another-secret-value");
    expect(other).not.toContain(a);
    expect(r.redactLine("again another-secret-value here")).toBe(`again ${other.slice(6)} here`); // learned from its first sighting
  });

  it("a placeholder is never redacted again", () => {
    const r = redactor();
    const once = r.redactText(`{"token": "${KNOWN}"}\nAuthorization: Bearer ${KNOWN}`);
    expect(r.redactText(once)).toBe(once);
  });

  it("the home directory becomes ~, but not a longer name that starts like it", () => {
    const r = redactor();
    expect(r.redactLine(`${HOME}/.clawdia/logs and ${HOME} and ${encodeURIComponent(HOME + "/x")}`)).toBe(
      "~/.clawdia/logs and ~ and ~%2Fx",
    );
    expect(r.redactLine("/home/alicebob/x")).toBe("/home/alicebob/x");
  });

  it("counts redactions by kind", () => {
    const r = redactor();
    r.redactText(`${KNOWN}\nhttps://u:p4ssw0rd-long@h/\nsk-ant-api03-AbCdEfGh12345678IjKlMnOp\n${HOME}/x`);
    const { byKind, total } = r.summary();
    expect(byKind).toMatchObject({ "known-secret": 1, "url-credentials": 1, "provider-key": 1, "home-directory": 1 });
    expect(total).toBe(3);
  });
});

describe("helpers", () => {
  it("formsOf has the raw, encoded and prefix forms", () => {
    const forms = formsOf(KNOWN, "logs").map((form) => form.text);
    expect(forms).toEqual(
      expect.arrayContaining([KNOWN, encodeURIComponent(KNOWN), b64(KNOWN).replace(/=+$/, ""), KNOWN.slice(0, 16)]),
    );
  });

  it("looksRandom tells tokens from words", () => {
    expect(looksRandom("7fGh2KpQ9xLm4NvB8wRt3YzC6dJs1EaU")).toBe(true);
    expect(looksRandom("resolveAuthCandidatesForProvider2026")).toBe(false);
    expect(looksRandom("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")).toBe(false);
  });
});

describe("a secret's first characters", () => {
  it("take the rest of their token with them, under a placeholder of its own", () => {
    const known = "sk-ant-oat01-bench5xxxxxxxxxxxxxxxxxxxxxxxx";
    const r = new Redactor({ secrets: [known], home: HOME });
    const other = "sk-ant-oat01-bench82yyyyyyyyyyyyyyyyyyyyyy";
    const out = r.redactLine(`a ${known} b ${other} c`);
    expect(out).not.toContain("bench82");
    expect(out).not.toContain("yyyy");
    const [first, second] = out.match(/\[REDACTED:[^\]]+\]/g)!;
    expect(first).not.toBe(second);
  });
});

describe("a --token flag followed by prose", () => {
  it("keeps the prose", () => {
    const r = redactor();
    expect(r.redactLine("--auth-token written into unit.service (ExecStart=)")).toBe(
      "--auth-token written into unit.service (ExecStart=)",
    );
    expect(r.redactLine("a secret is written inline: --auth-token (ExecStart=)")).toBe(
      "a secret is written inline: --auth-token (ExecStart=)",
    );
  });
});

describe("hostile lines cost time linear in their length", () => {
  // Each used to be quadratic (a URL scheme or an assignment's name could start at every "." or "-"
  // of a long run): 256 KiB took tens of seconds. Not a timing test: linear work ends in well under
  // a second, quadratic work does not end within the timeout.
  const KIB = 1024;
  it.each([
    ["a run of a-a-a-… before an @", "a-".repeat(128 * KIB) + "@"],
    ["a run of a.a.a.… before an @ and a =", "a.".repeat(128 * KIB) + "@=x"],
    ["a dotted run before token=", "x.".repeat(128 * KIB) + " token=abc"],
    ["an Environment= line of 256 KiB", "Environment=" + "A=1-b.c+d ".repeat(26 * KIB) + "@"],
  ])(
    "%s",
    (_name, line) => {
      const out = new Redactor({ secrets: [KNOWN], home: HOME }).redactLine(line);
      expect(out.length).toBeGreaterThan(0);
    },
    20_000,
  );
});
