import { defineMigration, MigrationError } from "../src/migration.js";
import { agentStorePath } from "../src/paths.js";
import { isObject } from "../src/snapshot/views.js";
import { parseJsonc } from "../src/snapshot/jsonc.js";
import type { FileOp } from "../src/types.js";

// Before 2025.11 each agent kept one credential per provider in agent/auth.json:
// { "anthropic": { "apiKey": "sk-ant-…" }, "openrouter": "sk-or-…" }.
export default defineMigration({
  id: "auth.json-to-auth-profiles",
  version: "2025.11.0",
  describe:
    "merge agents/<id>/agent/auth.json into auth-profiles.json as <provider>:default profiles (auth.json kept as auth.json.bak)",
  plan({ snapshot, paths }) {
    const ops: FileOp[] = [];
    for (const [agentId, file] of snapshot.raw.legacy.authJson) {
      if (file.status !== "ok" || file.text === undefined) continue;
      const { value, problems } = parseJsonc(file.text);
      // An auth.json on its way from the old agent/ dir is named where the user will look for it.
      if (problems.length || !isObject(value))
        throw new MigrationError(
          file.movedFrom ?? file.path,
          "it is not a JSON object; fix or remove it, then run `clawdia migrate` again",
        );
      const store = snapshot.agentById.get(agentId)?.store;
      if (store && store.file.status !== "missing" && !isObject(store.value)) {
        throw new MigrationError(
          store.file.path,
          "the auth store does not parse, so auth.json cannot be merged into it; fix it first",
        );
      }
      const storePath = agentStorePath(paths, agentId);
      const existing = isObject(store?.value) && isObject(store.value.profiles) ? store.value.profiles : {};
      if (!isObject(store?.value) || store.value.version === undefined)
        ops.push({ kind: "json-set", file: storePath, path: ["version"], value: 1 });
      for (const [provider, entry] of Object.entries(value)) {
        const id = `${provider}:default`;
        const profile = toProfile(provider, entry);
        // Never overwrite: a profile already in the store is newer than the flat file.
        if (profile && !(id in existing))
          ops.push({ kind: "json-set", file: storePath, path: ["profiles", id], value: profile });
      }
      ops.push(
        {
          kind: "write",
          file: freeBackupName(file.path, snapshot.raw.legacy.authJsonSiblings.get(agentId) ?? []),
          content: file.text,
        },
        { kind: "delete", file: file.path },
      );
    }
    return ops;
  },
});

/** auth.json.bak, or auth.json.bak.2, .3…: an earlier backup is never overwritten. */
function freeBackupName(file: string, siblings: string[]): string {
  const taken = new Set(siblings);
  const name = (n: number) => `auth.json.bak${n === 1 ? "" : `.${n}`}`;
  let n = 1;
  while (taken.has(name(n))) n++;
  return `${file}${name(n).slice("auth.json".length)}`;
}

/** One legacy entry as a profile; undefined for a shape we do not know (it stays in auth.json.bak). */
export function toProfile(provider: string, entry: unknown): Record<string, unknown> | undefined {
  if (typeof entry === "string" && entry) return { type: "api_key", provider, key: entry };
  if (!isObject(entry)) return undefined;
  const text = (...names: string[]) =>
    names.map((name) => entry[name]).find((v): v is string => typeof v === "string" && v !== "");
  const expires = [entry.expires, entry.expiresAt].find(
    (v): v is number => typeof v === "number" && Number.isFinite(v),
  );
  const key = text("key", "apiKey", "api_key");
  if (key) return { type: "api_key", provider, key };
  const access = text("access", "accessToken", "access_token");
  if (access) {
    const refresh = text("refresh", "refreshToken", "refresh_token");
    return {
      type: "oauth",
      provider,
      access,
      ...(refresh ? { refresh } : {}),
      ...(expires !== undefined ? { expires } : {}),
    };
  }
  const token = text("token");
  if (token) return { type: "token", provider, token, ...(expires !== undefined ? { expires } : {}) };
  return undefined;
}
