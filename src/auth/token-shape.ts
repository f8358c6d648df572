// What a pasted credential must look like before it is stored: the shapes of credential-shape.ts,
// said of "the token" or "the key".
import { credentialValueProblem } from "./credential-shape.js";
import { SETUP_TOKEN_PREFIX } from "./providers.js";

/**
 * Setup-tokens are 106–108 characters. A terminal narrower than that wraps the token with a hard line
 * break, and a copy of one line of it, or a prompt that ends at the first line break, keeps only the
 * start: such a token looks right and is refused by Anthropic (401).
 */
const SETUP_TOKEN_MIN_LENGTH = 90;

/** Why `token` cannot be stored as a static token for `provider`, or undefined when it can. */
export function tokenProblem(token: string, provider: string): string | undefined {
  const problem = credentialValueProblem(provider, token, "token");
  if (problem) return `the token ${problem}`;
  if (provider === "anthropic" && token.startsWith(SETUP_TOKEN_PREFIX) && token.length < SETUP_TOKEN_MIN_LENGTH) {
    return `the token is ${token.length} characters long, and a Claude Code setup-token is about 108: it was probably cut where the terminal wrapped it. Copy all of it (it may span two lines) and paste it as one line`;
  }
  return undefined;
}

/** Why `token` is not what `claude setup-token` prints, or undefined when it can be. */
export function setupTokenProblem(token: string): string | undefined {
  const problem = tokenProblem(token, "anthropic");
  if (problem) return problem;
  if (!token.startsWith(SETUP_TOKEN_PREFIX))
    return `the token is not a Claude Code setup-token, which starts with "${SETUP_TOKEN_PREFIX}"`;
  return undefined;
}

/** Why `key` cannot be used as an API key for `provider`, or undefined when it can. */
export function apiKeyProblem(key: string, provider: string): string | undefined {
  const problem = credentialValueProblem(provider, key, "api_key");
  return problem && `the key ${problem}`;
}
