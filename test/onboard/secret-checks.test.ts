// Key and token shapes per provider: a table of what is accepted and why the rest is refused.
import { describe, expect, it } from "vitest";
import {
  claudeCodeRefusal,
  isClaudeCodeKeyMixUp,
  keyProblem,
  onboardTokenProblem,
} from "../../src/onboard/secret-checks.js";

const ANTHROPIC_KEY = "sk-ant-api03-SHAPEtest000000000000000000000000000";
const CLAUDE_CODE = "sk-ant-oat01-SHAPEtest" + "0".repeat(85) + "AA"; // a setup-token is 108 characters
const OPENAI_KEY = "sk-proj-SHAPEtest0000000000000000000000";
const OPENROUTER_KEY = "sk-or-v1-SHAPEtest00000000000000000000000";

describe("keyProblem", () => {
  it.each([
    ["anthropic", ANTHROPIC_KEY],
    ["openai", OPENAI_KEY],
    ["openai", "sk-SHAPEtest0000000000000000000000"],
    ["openrouter", OPENROUTER_KEY],
    ["groq", "gsk_SHAPEtest000000000000000000"],
    ["mistral", "SHAPEtest00000000000000000000000"],
  ])("accepts a %s key", (provider, key) => {
    expect(keyProblem(key, provider)).toBeUndefined();
  });

  it.each([
    ["anthropic", "", /empty/],
    ["anthropic", `${ANTHROPIC_KEY} `, /whitespace/],
    ["anthropic", `${ANTHROPIC_KEY}\n${ANTHROPIC_KEY}`, /line break/],
    ["anthropic", "sk-ant-api03-abc\u0007def", /control characters/],
    ["anthropic", CLAUDE_CODE, /only authorized for use with Claude Code/],
    ["anthropic", "sk-proj-abcdefabcdefabcdefabcdef", /starts with "sk-ant-api"/],
    ["openai", ANTHROPIC_KEY, /an Anthropic key .*not a key for openai/],
    ["openai", OPENROUTER_KEY, /an OpenRouter key/],
    ["openai", "pk-abcdefabcdefabcdef", /not an OpenAI API key, which starts with "sk-"/],
    ["openrouter", OPENAI_KEY, /not an OpenRouter API key, which starts with "sk-or-"/],
    ["groq", ANTHROPIC_KEY, /an Anthropic key/],
    ["groq", "gsk_abc\tdef", /whitespace/],
  ])("refuses for %s: %j", (provider, key, message) => {
    expect(keyProblem(key, provider)).toMatch(message);
  });
});

describe("the Claude-Code-only refusal", () => {
  it("recognises a Claude Code token offered as an Anthropic API key, only for anthropic", () => {
    expect(isClaudeCodeKeyMixUp(CLAUDE_CODE, "anthropic")).toBe(true);
    expect(isClaudeCodeKeyMixUp(ANTHROPIC_KEY, "anthropic")).toBe(false);
    expect(isClaudeCodeKeyMixUp(CLAUDE_CODE, "openrouter")).toBe(false);
  });

  it("explains why and gives the two ways forward, with a fingerprint only", () => {
    const text = claudeCodeRefusal(CLAUDE_CODE);
    expect(text).toMatch(/only authorized for use with Claude Code/);
    expect(text).toMatch(/1\. create an API key in the Anthropic Console/);
    expect(text).toMatch(/2\. .*--auth-choice setup-token/);
    expect(text).toContain("sk-ant-oat01-…00AA");
    expect(text).not.toContain(CLAUDE_CODE);
  });
});

describe("onboardTokenProblem", () => {
  it.each([
    ["anthropic", CLAUDE_CODE, undefined],
    ["openrouter", OPENROUTER_KEY, undefined],
    ["anthropic", ANTHROPIC_KEY, /API key, not a token: choose the API key method/],
    ["anthropic", "hello-world", /starts with "sk-ant-"/],
    ["openrouter", "", /empty/],
    ["openrouter", "abc def", /whitespace/],
    ["openrouter", "abc\u0000def", /control characters/],
  ])("%s %j", (provider, token, expected) => {
    const problem = onboardTokenProblem(token, provider);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
