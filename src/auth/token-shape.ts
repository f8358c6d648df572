// What a pasted credential must look like before it is stored.
import { isClaudeCodeToken } from "./credentials.js";

/** Why `token` cannot be stored as a static token for `provider`, or undefined when it can. */
export function tokenProblem(token: string, provider: string): string | undefined {
  if (token.length === 0) return "the token is empty";
  if (/\s/.test(token)) return "the token contains whitespace or a line break; paste it on one line";
  if (provider === "anthropic") {
    if (!token.startsWith("sk-ant-")) return 'an Anthropic token starts with "sk-ant-"';
    if (token.startsWith("sk-ant-api")) {
      return "this is an Anthropic API key, not a token: give it to the gateway as ANTHROPIC_API_KEY in ~/.clawdia/.env (or run `clawdia onboard`)";
    }
  }
  return undefined;
}

/** Why `key` cannot be used as an API key for `provider`, or undefined when it can. */
export function apiKeyProblem(key: string, provider: string): string | undefined {
  if (key.length === 0) return "the key is empty";
  if (/\s/.test(key)) return "the key contains whitespace or a line break; paste it on one line";
  if (provider === "anthropic" && isClaudeCodeToken(key)) {
    return "this is a Claude Code OAuth or setup-token credential, which is only authorized for use with Claude Code and cannot be used as an API key";
  }
  if (provider === "anthropic" && !key.startsWith("sk-ant-api")) return 'an Anthropic API key starts with "sk-ant-api"';
  return undefined;
}
