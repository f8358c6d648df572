// Providers a command accepts: the well-known ones, and any the state already mentions.
import { providersInUse } from "./providers.js";
import type { Snapshot } from "../snapshot/snapshot.js";

export const KNOWN_PROVIDERS = [
  "anthropic",
  "openai",
  "openrouter",
  "google",
  "gemini",
  "mistral",
  "groq",
  "xai",
  "deepseek",
  "together",
  "fireworks",
  "cohere",
  "perplexity",
];

export function acceptedProviders(snapshot: Snapshot): string[] {
  const mentioned = [
    ...providersInUse(snapshot.configView).keys(),
    ...snapshot.profiles.map((profile) => profile.provider),
  ];
  return [...new Set([...KNOWN_PROVIDERS, ...mentioned])];
}
