// The last line of defence: every byte the CLI prints passes through maskSecrets, which replaces
// each secret value known from the loaded state, and anything shaped like a key, by its fingerprint.
import { providerShapePattern } from "./redact/key-shapes.js";
import { maskOutput } from "./redact/mask-output.js";
import { daemonSecretValues } from "./daemon/collect-secrets.js";
import type { Snapshot } from "./snapshot/snapshot.js";
import { isObject } from "./snapshot/views.js";
import { parseJsonc } from "./snapshot/jsonc.js";

/**
 * Field and variable names whose values are secrets: `key`, `token`, `access`, `refresh` (the auth
 * store's fields), `ANTHROPIC_API_KEY`, `gateway.auth.token`, `password`, `cookie`… Matched on the
 * end of the name, so `auth`, `profiles` or `SSH_AUTH_SOCK` are not taken for secrets.
 */
const SECRET_NAME =
  /(?:^|[^a-z])(?:access|refresh)$|(?:key|token|secret|password|passwd|authorization|cookie|credentials?)$/i;
/** Values shorter than this are not worth masking (and would mask ordinary words). */
export const MIN_SECRET_LENGTH = 8;

export function collectSecrets(snapshot: Snapshot): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) found.add(value);
  };
  for (const agent of snapshot.agents) collectByName(agent.store.value, add);
  collectByName(snapshot.config.value, add);
  // Files of older layouts hold the same kinds of secrets, and migrations show them in diffs.
  const legacy = snapshot.raw.legacy;
  for (const file of [legacy.config, ...legacy.authJson.values(), ...legacy.agentDir.files]) {
    const value = file.text === undefined ? undefined : parseJsonc(file.text).value;
    collectByName(value, add);
    // The flat auth.json maps a provider straight to its key: { "openrouter": "sk-or-…" }.
    if (file.path.endsWith("auth.json") && isObject(value)) Object.values(value).forEach(add);
  }
  Object.values(snapshot.configView.envVars).forEach(add);
  Object.values(snapshot.dotenv.parsed.vars).forEach(add);
  for (const [name, value] of Object.entries(snapshot.raw.env)) if (SECRET_NAME.test(name)) add(value);
  // Values written into the daemon's unit, plist or environment files, and the login shell's keys.
  daemonSecretValues(snapshot, { isSecretName, looksLikeSecret }).forEach(add);
  const claude = snapshot.claudeCode.credential;
  add(claude?.accessToken);
  add(claude?.refreshToken);
  return [...found];
}

/** Walks a JSON value and collects every string under a secret-looking field name. */
function collectByName(value: unknown, add: (value: unknown) => void, secretParent = false): void {
  if (Array.isArray(value)) value.forEach((item) => collectByName(item, add, secretParent));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) collectByName(child, add, secretParent || SECRET_NAME.test(key));
  } else if (secretParent) add(value);
}

/** Every form of every secret, and anything shaped like a key, as its fingerprint (src/redact/). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return maskOutput(text, secrets);
}

/** Whether a field or variable of this name holds a secret (`token`, `ANTHROPIC_API_KEY`, `refresh`…). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** One non-global copy, for tests (a global one keeps lastIndex between calls; a new one per call costs a compile). */
const PROVIDER_SHAPE = new RegExp(providerShapePattern().source);

/** Whether a value is shaped like a provider key or token. */
export function looksLikeSecret(value: string): boolean {
  return PROVIDER_SHAPE.test(value);
}
