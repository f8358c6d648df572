// Which providers the gateway will use, and where it looks for their keys.
import type { ConfigView } from "../snapshot/views.js";

/** "anthropic/claude-opus-4-5" → "anthropic". */
export function providerOfModel(model: string): string | undefined {
  const slash = model.indexOf("/");
  return slash > 0 ? model.slice(0, slash).toLowerCase() : undefined;
}

/** What a provider's credentials start with, for the providers whose credentials have a known start. */
export interface CredentialPrefixes {
  /** The provider's name in a sentence, with its article: "an Anthropic". */
  name: string;
  /** A start no other provider's credential has: such a value given for another provider is a mix-up. */
  owns?: string;
  /** What its API keys start with. */
  apiKey?: string;
  /** What its static tokens start with. */
  token?: string;
}

// The one place that knows credential prefixes: shapes (credential-shape.ts), onboarding and the rules read it.
export const CREDENTIAL_PREFIXES: Record<string, CredentialPrefixes> = {
  anthropic: { name: "an Anthropic", owns: "sk-ant-", apiKey: "sk-ant-api", token: "sk-ant-" },
  openrouter: { name: "an OpenRouter", owns: "sk-or-", apiKey: "sk-or-" },
  // Not owned: other providers (DeepSeek, Moonshot…) issue "sk-" keys too.
  openai: { name: "an OpenAI", apiKey: "sk-" },
};

/** Claude Code's OAuth access tokens and setup-tokens: Anthropic accepts them only from Claude Code. */
export const CLAUDE_CODE_TOKEN_PREFIX = "sk-ant-oat";
/** What `claude setup-token` prints: "sk-ant-oat01-" and about 95 more characters. */
export const SETUP_TOKEN_PREFIX = "sk-ant-oat01-";
/** "Your OAuth token (valid for 1 year)", as `claude setup-token` says. */
export const SETUP_TOKEN_LIFETIME_MS = 365 * 24 * 3600 * 1000;

/** The provider a credential's own prefix names, where it is unmistakable: "sk-ant-…" → "anthropic". */
export function providerOfSecret(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  return Object.entries(CREDENTIAL_PREFIXES).find(
    ([, prefixes]) => prefixes.owns && secret.startsWith(prefixes.owns),
  )?.[0];
}

/** "openrouter" → "OPENROUTER_API_KEY". */
export function envKeyFor(provider: string): string {
  return `${provider.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_API_KEY`;
}

/** Provider → why it is in use ("default model anthropic/…", "alias opus", "profile anthropic:x"). */
export function providersInUse(config: ConfigView): Map<string, string[]> {
  const inUse = new Map<string, string[]>();
  const add = (provider: string | undefined, reason: string) => {
    if (provider) inUse.set(provider, [...(inUse.get(provider) ?? []), reason]);
  };
  add(providerOfModel(config.defaultModel), `default model ${config.defaultModel}`);
  for (const [alias, model] of Object.entries(config.aliases)) add(providerOfModel(model), `alias ${alias} → ${model}`);
  for (const [id, profile] of Object.entries(config.profiles))
    add(profile.provider ?? id.split(":")[0], `profile ${id}`);
  return inUse;
}
