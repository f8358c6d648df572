// Which providers the gateway will use, and where it looks for their keys.
import type { ConfigView } from "../snapshot/views.js";

/** "anthropic/claude-opus-4-5" → "anthropic". */
export function providerOfModel(model: string): string | undefined {
  const slash = model.indexOf("/");
  return slash > 0 ? model.slice(0, slash).toLowerCase() : undefined;
}

/** The provider a credential's own prefix names, where it is unmistakable: "sk-ant-…" → "anthropic". */
export function providerOfSecret(secret: string | undefined): string | undefined {
  if (secret?.startsWith("sk-ant-")) return "anthropic";
  if (secret?.startsWith("sk-or-")) return "openrouter";
  return undefined;
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
  for (const [id, profile] of Object.entries(config.profiles)) add(profile.provider ?? id.split(":")[0], `profile ${id}`);
  return inUse;
}
