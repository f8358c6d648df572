// The file operations that store a profile and register it in the config: shared by paste-token,
// setup-token and onboard, so they all write the same shapes.
import { UserError } from "../errors.js";
import { agentStorePath, displayPath } from "../paths.js";
import type { JsonDocument, Snapshot } from "../snapshot/snapshot.js";
import { isObject, objectAt } from "../snapshot/views.js";
import type { FileOp } from "../types.js";

/** Refuses to edit a file that exists but cannot be read or parsed: it is never rewritten blindly. */
export function assertEditable(document: JsonDocument, home: string): void {
  const { file } = document;
  if (file.status === "missing") return;
  const shown = displayPath(file.path, home);
  if (file.status !== "ok")
    throw new UserError(`${shown} cannot be used (${file.error}); nothing was written. Run \`clawdia doctor\`.`);
  if (document.problems.length) {
    const first = document.problems[0];
    throw new UserError(
      `${shown}:${first.line}:${first.column}: ${first.message}; fix the file by hand first (nothing was written). Run \`clawdia doctor\`.`,
    );
  }
  if (!isObject(document.value))
    throw new UserError(`${shown} is not a JSON object; nothing was written. Run \`clawdia doctor\`.`);
}

export function storeDocument(snapshot: Snapshot, agentId: string): JsonDocument {
  const agent = snapshot.agentById.get(agentId);
  return (
    agent?.store ?? {
      file: { path: agentStorePath(snapshot.raw.paths, agentId), status: "missing" },
      value: undefined,
      problems: [],
    }
  );
}

/** Sets `profiles[profileId]` in the agent's store, creating the store (version 1) when needed. */
export function putProfileOps(
  snapshot: Snapshot,
  agentId: string,
  profileId: string,
  profile: Record<string, unknown>,
): FileOp[] {
  const store = storeDocument(snapshot, agentId);
  assertEditable(store, snapshot.raw.paths.home);
  const file = store.file.path;
  const ops: FileOp[] = [];
  if (!isObject(store.value) || store.value.version === undefined)
    ops.push({ kind: "json-set", file, path: ["version"], value: 1 });
  ops.push({ kind: "json-set", file, path: ["profiles", profileId], value: profile });
  return ops;
}

/** Registers a profile in config auth.profiles (creating the config when there is none). */
export function putConfigProfileOps(
  snapshot: Snapshot,
  profileId: string,
  entry: { provider: string; mode: string },
): FileOp[] {
  assertEditable(snapshot.config, snapshot.raw.paths.home);
  const current = snapshot.configView.profiles[profileId];
  if (current?.provider === entry.provider && current.mode === entry.mode) return [];
  return [
    {
      kind: "json-set",
      file: snapshot.raw.paths.configPath,
      path: ["auth", "profiles", profileId],
      value: { ...existingEntry(snapshot, profileId), ...entry },
    },
  ];
}

/** Keeps the keys of a config profile entry that the gateway may have added. */
function existingEntry(snapshot: Snapshot, profileId: string): Record<string, unknown> {
  return objectAt(snapshot.config.value, "auth", "profiles", profileId);
}
