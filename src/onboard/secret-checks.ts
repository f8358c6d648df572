// What a key or token must look like before onboarding stores it, per provider, and the refusals
// that say what to do instead.
import { CREATE_ANTHROPIC_KEY } from "../auth/credential-shape.js";
import { isClaudeCodeToken } from "../auth/credentials.js";
import { fingerprint } from "../auth/fingerprint.js";
import { CREDENTIAL_PREFIXES } from "../auth/providers.js";
import { apiKeyProblem, tokenProblem } from "../auth/token-shape.js";

export { CREATE_ANTHROPIC_KEY };

/** Why `key` cannot be stored as `provider`'s API key, or undefined when it can (credential-shape.ts). */
export function keyProblem(key: string, provider: string): string | undefined {
  return apiKeyProblem(key, provider);
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
  if (provider === "anthropic" && token.startsWith(CREDENTIAL_PREFIXES.anthropic.apiKey!)) {
    return "this is an Anthropic API key, not a token: choose the API key method (--auth-choice api-key)";
  }
  return tokenProblem(token, provider);
}

/** As the masker's rule for the state's secrets: shorter values would mask ordinary words. */
export function worthMasking(secret: string): boolean {
  return secret.length >= 8;
}
