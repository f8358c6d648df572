// What a key or token must look like before onboarding stores it, per provider, and the refusals
// that say what to do instead.
import { isClaudeCodeToken } from "../auth/credentials.js";
import { fingerprint } from "../auth/fingerprint.js";
import { apiKeyProblem, tokenProblem } from "../auth/token-shape.js";

/** Prefixes that belong to one provider: such a key given for another provider is a mix-up. */
const OWNED_PREFIXES: { prefix: string; provider: string; name: string }[] = [
  { prefix: "sk-ant-", provider: "anthropic", name: "an Anthropic" },
  { prefix: "sk-or-", provider: "openrouter", name: "an OpenRouter" },
];

/** Providers whose keys have a known start. */
const REQUIRED_PREFIX: Record<string, { prefix: string; name: string }> = {
  openai: { prefix: "sk-", name: "An OpenAI API key" },
  openrouter: { prefix: "sk-or-", name: "An OpenRouter API key" },
};

export const CREATE_ANTHROPIC_KEY = "create an API key in the Anthropic Console (https://console.anthropic.com/settings/keys)";

/** Why `key` cannot be stored as `provider`'s API key, or undefined when it can. */
export function keyProblem(key: string, provider: string): string | undefined {
  return apiKeyProblem(key, provider) ?? controlCharacters(key, "key") ?? foreignKey(key, provider) ?? missingPrefix(key, provider);
}

/** An Anthropic Claude Code OAuth or setup-token value (sk-ant-oat…) offered as an API key. */
export function isClaudeCodeKeyMixUp(key: string, provider: string): boolean {
  return provider === "anthropic" && isClaudeCodeToken(key);
}

/** The Claude-Code-only refusal, with the two ways forward. */
export function claudeCodeRefusal(key: string): string {
  return [
    `this is a Claude Code OAuth or setup-token credential (${fingerprint(key)}): it is only authorized for use with Claude Code and cannot be used as an API key. Nothing was written. Two ways forward:`,
    `  1. ${CREATE_ANTHROPIC_KEY} and give that instead;`,
    "  2. or keep using your Claude subscription through a setup-token: pipe this token to `clawdia onboard --non-interactive --provider anthropic --auth-choice setup-token`, or run `clawdia models auth setup-token --provider anthropic` on a terminal.",
  ].join("\n");
}

/** Why `token` cannot be stored as a static token (setup-token or pasted) for `provider`. */
export function onboardTokenProblem(token: string, provider: string): string | undefined {
  if (provider === "anthropic" && token.startsWith("sk-ant-api")) {
    return "this is an Anthropic API key, not a token: choose the API key method (--auth-choice api-key)";
  }
  return tokenProblem(token, provider) ?? controlCharacters(token, "token");
}

function controlCharacters(value: string, what: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(value) ? `the ${what} contains control characters; paste it on one line` : undefined;
}

function foreignKey(key: string, provider: string): string | undefined {
  const owner = OWNED_PREFIXES.find((entry) => entry.provider !== provider && key.startsWith(entry.prefix));
  return owner && `this looks like ${owner.name} key (it starts with "${owner.prefix}"), not a key for ${provider}`;
}

function missingPrefix(key: string, provider: string): string | undefined {
  const required = REQUIRED_PREFIX[provider];
  return required && !key.startsWith(required.prefix) ? `${required.name} starts with "${required.prefix}"` : undefined;
}

/** As the masker's rule for the state's secrets: shorter values would mask ordinary words. */
export function worthMasking(secret: string): boolean {
  return secret.length >= 8;
}
