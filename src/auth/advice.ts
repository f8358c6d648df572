// The exact commands that fix a credential problem, in the words of the authentication docs.
import type { StoredProfile } from "../snapshot/views.js";
import { envKeyFor } from "./providers.js";

export const CLAUDE_CLI_PROFILE = "anthropic:claude-cli";

/** The setup-token route, as it really works: `claude setup-token` prints a token and saves it nowhere. */
export const SETUP_TOKEN_ADVICE = [
  "clawdia models auth setup-token --provider anthropic   # runs `claude setup-token` and stores the token it prints",
  "claude setup-token; clawdia models auth paste-token --provider anthropic --profile-id anthropic:claude-cli --expires-in 365d   # the same in two steps",
];

/** How to renew an expiring or expired static token. */
export function renewalAdvice(profile: Pick<StoredProfile, "id" | "provider">): string[] {
  if (profile.id === CLAUDE_CLI_PROFILE) return [...SETUP_TOKEN_ADVICE, "clawdia models status"];
  return [`clawdia models auth paste-token --provider ${profile.provider} --profile-id ${profile.id}`];
}

/** How to give the gateway a credential for a provider that has none. */
export function missingCredentialAdvice(provider: string): string[] {
  const key = envKeyFor(provider);
  const paste = `clawdia models auth paste-token --provider ${provider}`;
  if (provider === "anthropic") return [`export ${key}=… (an Anthropic API key; recommended)`, ...SETUP_TOKEN_ADVICE];
  return [`export ${key}=…`, paste];
}
