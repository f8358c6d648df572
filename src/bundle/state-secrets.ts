// Every secret value in the loaded state, for exact matching in the bundle: what collectSecrets
// finds (the engine's own list), plus what only a tolerant reading finds (files that do not parse,
// legacy files, the daemon's unit or plist and its environment files).
import { collectSecrets, isSecretName } from "../secrets.js";
import { parseDotenv } from "../snapshot/dotenv.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { EnvEntry } from "./daemon-scan.js";
import { secretSpans } from "./redact/jsonc.js";
import { isSecretEntry, looksSecretValue } from "./redact/shapes.js";

export function bundleSecrets(snapshot: Snapshot, daemonEnv: EnvEntry[]): string[] {
  const found = new Set(collectSecrets(snapshot));
  const byName = new Set<string>();
  for (const text of rawTexts(snapshot.raw)) {
    if (/^\s*(?:\/\/|\/\*|[{[])/.test(text)) {
      for (const span of secretSpans(text))
        if (span.path.some(isSecretName) || looksSecretValue(span.value)) byName.add(span.value);
    } else {
      for (const [name, value] of Object.entries(parseDotenv(text).vars))
        if (isSecretEntry(name, value)) byName.add(value);
    }
  }
  for (const { name, value } of daemonEnv) if (isSecretEntry(name, value)) byName.add(value);
  // collectSecrets takes every .env and env.vars value; an ordinary one ("production", a model
  // name) matched everywhere would blank out half the logs, so only secret-looking ones stay.
  const ordinary = [...Object.entries(snapshot.dotenv.parsed.vars), ...Object.entries(snapshot.configView.envVars)];
  for (const [name, value] of ordinary) if (!isSecretEntry(name, value) && !byName.has(value)) found.delete(value);
  for (const value of byName) found.add(value);
  return [...found];
}

/** The text of every file in the raw state (config, .env, stores, Claude Code, legacy files, daemon data…). */
function rawTexts(raw: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Map) return value.forEach((item) => visit(item, depth + 1));
    if (Array.isArray(value)) return value.forEach((item) => visit(item, depth + 1));
    for (const [key, child] of Object.entries(value)) {
      if (depth === 0 && (key === "env" || key === "paths")) continue; // the process environment is handled by name
      if (key === "text" && typeof child === "string") texts.push(child);
      else visit(child, depth + 1);
    }
  };
  visit(raw, 0);
  return texts;
}
