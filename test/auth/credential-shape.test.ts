// What counts as a credential: a table of values each provider issues (accepted) and of placeholders,
// wrong shapes and refusals (rejected, with a message that gives none of the value away).
import { describe, expect, it } from "vitest";
import {
  credentialValueProblem,
  isPlaceholder,
  refusalProblem,
  storedCredentialProblem,
  type CredentialUse,
} from "../../src/auth/credential-shape.js";

// Each secret part is distinctive, so a message that leaked any of it would be caught.
const ANTHROPIC_KEY = "sk-ant-api03-Qw7RtY2uIo9PaS3dF5gH8jKlZx1CvB4nM6qW0eRtYuIoPaSdFgHjKl";
const CLAUDE_CODE = "sk-ant-oat01-Lk3JhG5fD7sA9pO1iU2yT4rE6wQ8zX0cV1bN3mLkJhGfDsApOiUy";
const REFRESH = "sk-ant-ort01-Zx9Cv8Bn7Mq6Wq5Er4Ty3Ui2Op1As0DfGhJkLzXcVbNmQwErTy";
const OPENROUTER_KEY = "sk-or-v1-4f9c2e7a1b8d3f6e0c5a9b2d7e4f1a8c3b6d9e2f5a0c7b4d1e8f3a6c9b2d5e";
const OPENAI_KEY = "sk-proj-Hq2Wm9Xz4Lp7Ns1Kd8Vb3Jc6Fg0Rt5Yu2Io9Pa4Sd7Fg1Hj8Kl3Zx6Cv0Bn5Mq";
const OPENAI_LEGACY_KEY = "sk-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz1234567890ab";
const GROQ_KEY = "gsk_Pl0Ok9Ij8Uh7Yg6Tf5Rd4Es3Wa2Qz1Xc0Vb9Nm8Lk7Jh6Gf";
const GOOGLE_KEY = "AIzaSyD3f9Gk2Lm8Np4Qr7St1Uv6Wx0Yz5Ab2Cd";
const MISTRAL_KEY = "Wn7Xq2Lp9Ks4Jd1Mf6Hb3Vc8Rt5Yg0Zu";
const XAI_KEY = "xai-Rb4Tn8Wm2Qs6Lk0Jh3Gf7Dc1Va5Xz9Pu2Io8Ey4Tr6Wq0";

describe("credentialValueProblem: values providers issue are credentials", () => {
  it.each<[string, string, CredentialUse]>([
    ["anthropic", ANTHROPIC_KEY, "api_key"],
    ["anthropic", CLAUDE_CODE, "token"],
    ["anthropic", CLAUDE_CODE, "oauth"],
    ["openrouter", OPENROUTER_KEY, "api_key"],
    ["openrouter", OPENROUTER_KEY, "token"],
    ["openai", OPENAI_KEY, "api_key"],
    ["openai", OPENAI_LEGACY_KEY, "api_key"],
    ["deepseek", OPENAI_LEGACY_KEY, "api_key"],
    ["groq", GROQ_KEY, "api_key"],
    ["google", GOOGLE_KEY, "api_key"],
    ["mistral", MISTRAL_KEY, "api_key"],
    ["xai", XAI_KEY, "api_key"],
    // A provider of the user's own (a proxy) may take another provider's key.
    ["my-proxy", ANTHROPIC_KEY, "api_key"],
    ["my-proxy", "local-dev-key-7731", "api_key"],
  ])("%s %s as %s", (provider, value, use) => {
    expect(credentialValueProblem(provider, value, use)).toBeUndefined();
  });
});

const PLACEHOLDERS = [
  "...",
  "…",
  "'...'",
  '"…"',
  "<key>",
  "<your-key>",
  "<YOUR_ANTHROPIC_API_KEY>",
  "<your key here>",
  "[your-api-key]",
  "{api_key}",
  "your-key-here",
  "your_api_key",
  "your_api_key_here",
  "YOUR_API_KEY",
  "YOUR_ANTHROPIC_API_KEY",
  "your-anthropic-api-key",
  "INSERT_YOUR_OPENAI_KEY_HERE",
  "paste-your-key-here",
  "your key here",
  "ANTHROPIC_API_KEY",
  "api-key",
  "changeme",
  "CHANGE_ME",
  "replace-me",
  "replace_me",
  "todo",
  "TODO",
  "placeholder",
  "xxx",
  "xxxxxxxxxxxxxxxxxxxxxxxx",
  "xxx…",
  "XXXX-XXXX-XXXX",
  "sk-...",
  "sk-ant-...",
  "sk-ant-api03-...",
  "sk-ant-api03-…Xy9Q",
  "sk-or-v1-...",
  "sk-xxxxxxxxxxxxxxxxxxxxxxxx",
  "sk-ant-api03-xxxxxxxxxxxx",
  "sk-ant-api03-********",
  "sk-ant-****",
  "sk-",
  "sk-ant-",
  "${ANTHROPIC_API_KEY}",
  "$ANTHROPIC_API_KEY",
  "{{ anthropic_api_key }}",
  "null",
  "undefined",
];

describe("credentialValueProblem: placeholders are no credential, for every provider", () => {
  it.each(
    PLACEHOLDERS.flatMap((value) => [
      ["anthropic", value],
      ["openrouter", value],
      ["openai", value],
      ["groq", value],
      ["my-proxy", value],
    ]),
  )("%s %j", (provider, value) => {
    expect(isPlaceholder(value)).toBe(true);
    const problem = credentialValueProblem(provider, value, "api_key");
    expect(problem).toMatch(/^is a placeholder, not a real key: replace it with your /);
    // The word "placeholder" is what the message calls every one of them.
    if (value !== "placeholder") expect(problem).not.toContain(value);
    expect(credentialValueProblem(provider, value, "token")).toMatch(/^is a placeholder, not a real token/);
  });

  it("real keys are never placeholders", () => {
    for (const value of [
      ANTHROPIC_KEY,
      CLAUDE_CODE,
      REFRESH,
      OPENROUTER_KEY,
      OPENAI_KEY,
      OPENAI_LEGACY_KEY,
      GROQ_KEY,
      GOOGLE_KEY,
      MISTRAL_KEY,
      XAI_KEY,
    ]) {
      expect(isPlaceholder(value)).toBe(false);
    }
  });

  // isPlaceholder first looks for a marker word anywhere in the lower-cased value: what it finds
  // there, the words are then judged on; what it finds nowhere cannot be a placeholder.
  it.each([
    ["YOUR_API_\u212AEY", true, "a marker that only lower-casing spells (the Kelvin sign is a k)"],
    ["yourApiKey", true, "a marker behind a camel-case break"],
    ["sk-ant-api03-MEkeyTOKENsecret", false, "markers inside a word of random characters"],
    ["sk-or-v1-xxxx", true, "no marker, but only filler after the provider's start"],
    ["your api thing", false, "placeholder words with no marker among them"],
  ])("%s: %s (%s)", (value, placeholder) => {
    expect(isPlaceholder(value)).toBe(placeholder);
  });

  it("an OAuth access token is only required to be one non-empty line", () => {
    expect(credentialValueProblem("anthropic", "opaque-access-token-from-a-refresh", "oauth")).toBeUndefined();
  });
});

/** The part of a value that is secret: all of it but the provider's public prefix. */
function secretPart(value: string): string {
  return value.replace(/^(sk-ant-[a-z]+\d*-|sk-or-v\d+-|sk-proj-|sk-|gsk_|xai-)/, "");
}

describe("credentialValueProblem: wrong shapes say what the value is and what to do, and never echo it", () => {
  it.each<[string, string, CredentialUse, RegExp]>([
    ["anthropic", "", "api_key", /^is empty$/],
    ["anthropic", "   ", "api_key", /^holds only whitespace$/],
    ["anthropic", " \t\n", "token", /^holds only whitespace$/],
    ["anthropic", "", "oauth", /^is empty$/],
    [
      "anthropic",
      `${ANTHROPIC_KEY.slice(0, 30)} ${ANTHROPIC_KEY.slice(30)}`,
      "api_key",
      /^contains whitespace or a line break: a key is one line without spaces$/,
    ],
    ["anthropic", `${ANTHROPIC_KEY}\n${ANTHROPIC_KEY}`, "api_key", /whitespace or a line break/],
    ["anthropic", `${CLAUDE_CODE}\r\n`, "token", /whitespace or a line break: a token is one line/],
    [
      "anthropic",
      `${CLAUDE_CODE.slice(0, 20)} x`,
      "oauth",
      /^contains whitespace or a line break: an access token is one line without spaces$/,
    ],
    [
      "anthropic",
      `${ANTHROPIC_KEY.slice(0, 30)}\u0007${ANTHROPIC_KEY.slice(30)}`,
      "api_key",
      /^contains control characters/,
    ],
    [
      "anthropic",
      CLAUDE_CODE,
      "api_key",
      /Claude Code .*only authorized for use with Claude Code and cannot be used as an API key: create an API key in the Anthropic Console/,
    ],
    [
      "anthropic",
      OPENROUTER_KEY,
      "api_key",
      /^looks like an OpenRouter key \(it starts with "sk-or-"\), not a key for anthropic: give it to the gateway as OPENROUTER_API_KEY, and use your Anthropic API key here$/,
    ],
    ["anthropic", OPENAI_KEY, "api_key", /^is not an Anthropic API key, which starts with "sk-ant-api"$/],
    ["anthropic", REFRESH, "api_key", /^is not an Anthropic API key/],
    ["anthropic", GROQ_KEY, "api_key", /^is not an Anthropic API key/],
    [
      "openai",
      ANTHROPIC_KEY,
      "api_key",
      /^looks like an Anthropic key \(it starts with "sk-ant-"\), not a key for openai: give it to the gateway as ANTHROPIC_API_KEY/,
    ],
    ["openai", OPENROUTER_KEY, "api_key", /^looks like an OpenRouter key/],
    ["openai", GROQ_KEY, "api_key", /^is not an OpenAI API key, which starts with "sk-"$/],
    ["openrouter", OPENAI_KEY, "api_key", /^is not an OpenRouter API key, which starts with "sk-or-"$/],
    ["openrouter", ANTHROPIC_KEY, "api_key", /^looks like an Anthropic key/],
    ["groq", CLAUDE_CODE, "api_key", /^looks like an Anthropic key .*not a key for groq/],
    [
      "anthropic",
      ANTHROPIC_KEY,
      "token",
      /^is an Anthropic API key, not a token: give it to the gateway as ANTHROPIC_API_KEY/,
    ],
    ["anthropic", OPENROUTER_KEY, "token", /^is not an Anthropic token, which starts with "sk-ant-"$/],
  ])("%s %j as %s", (provider, value, use, expected) => {
    const problem = credentialValueProblem(provider, value, use);
    expect(problem).toMatch(expected);
    const secret = secretPart(value.trim());
    // No run of 6 characters of the secret part appears in the message.
    for (let i = 0; i + 6 <= secret.length; i++) expect(problem).not.toContain(secret.slice(i, i + 6));
  });

  it("provider ids are matched case-insensitively", () => {
    expect(credentialValueProblem("Anthropic", OPENROUTER_KEY, "api_key")).toMatch(/looks like an OpenRouter key/);
  });
});

describe("refusalProblem: what the provider answered since the credential last worked", () => {
  it.each([
    [
      "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
      /only authorized for use with Claude Code/,
    ],
    ['401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', /an invalid key/],
    [
      "Incorrect API key provided: sk-proj-****abcd. You can find your API key at https://platform.openai.com/account/api-keys.",
      /an invalid key/,
    ],
    ["HTTP 401 Unauthorized", /authentication failed/],
    ["invalid_grant: refresh token not found or invalid", /its refresh token was refused/],
    [
      '{"type":"permission_error","message":"Your API key does not have permission to use the specified resource."}',
      /lacks the permission/,
    ],
  ])("%j is a refusal", (lastError, means) => {
    const problem = refusalProblem("anthropic", { lastError, errorCount: 2 });
    expect(problem).toMatch(/^was refused by Anthropic since it last worked \(/);
    expect(problem).toMatch(means);
    expect(problem).toContain("2 failed requests recorded");
    // The recorded error is free text: none of it is quoted.
    expect(problem).not.toContain("abcd");
  });

  it.each([
    [
      "a rate limit",
      {
        lastError: "429 rate_limit_error: Number of request tokens has exceeded your per-minute rate limit",
        errorCount: 3,
      },
    ],
    ["an overload", { lastError: "529 overloaded_error: Overloaded", errorCount: 1 }],
    ["a network error", { lastError: "fetch failed: ECONNRESET", errorCount: 1 }],
    [
      "a refusal the profile has worked since (errorCount 0)",
      { lastError: "401 authentication_error: invalid x-api-key", errorCount: 0 },
    ],
    ["no recorded error", { errorCount: 4 }],
    ["no usage at all", undefined],
  ])("%s is no refusal", (_name, stats) => {
    expect(refusalProblem("anthropic", stats)).toBeUndefined();
  });
});

describe("storedCredentialProblem: a stored profile's value by its type, then what the provider answered", () => {
  const profile = (type: string, secret: string | undefined, provider = "anthropic") => ({ type, secret, provider });

  it.each([
    [
      "an api_key profile holding a Claude Code token",
      profile("api_key", CLAUDE_CODE),
      /only authorized for use with Claude Code/,
    ],
    ["a token profile holding an API key", profile("token", ANTHROPIC_KEY), /an Anthropic API key, not a token/],
    ["an api_key profile holding a placeholder", profile("api_key", "sk-ant-api03-..."), /placeholder/],
    [
      "an openrouter api_key profile holding an Anthropic key",
      profile("api_key", ANTHROPIC_KEY, "openrouter"),
      /looks like an Anthropic key/,
    ],
  ])("%s", (_name, stored, expected) => {
    expect(storedCredentialProblem(stored, undefined)).toMatch(expected);
  });

  it("a good value refused since it last worked", () => {
    expect(
      storedCredentialProblem(profile("api_key", ANTHROPIC_KEY), { lastError: "authentication_error", errorCount: 1 }),
    ).toMatch(/^was refused by Anthropic since it last worked \(authentication failed; 1 failed request recorded\)/);
  });

  it("leaves emptiness to credentialStatus (an OAuth profile with a refresh token is refreshed on use) and unknown types alone", () => {
    expect(storedCredentialProblem(profile("oauth", undefined), undefined)).toBeUndefined();
    expect(storedCredentialProblem(profile("api_key", undefined), undefined)).toBeUndefined();
    expect(storedCredentialProblem(profile("magic", "whatever"), undefined)).toBeUndefined();
    expect(storedCredentialProblem(profile("oauth", CLAUDE_CODE), undefined)).toBeUndefined();
    expect(storedCredentialProblem(profile("token", CLAUDE_CODE), undefined)).toBeUndefined();
    expect(storedCredentialProblem(profile("api_key", ANTHROPIC_KEY), undefined)).toBeUndefined();
  });
});
