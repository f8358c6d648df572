// The state as it would be after some operations: a RawState with the new texts and modes.
import path from "node:path";
import type { RawFile } from "../snapshot/raw-file.js";
import { isSafeAgentId } from "../snapshot/views.js";
import type { RawState } from "../snapshot/read-state.js";
import type { FileOp } from "../types.js";
import { applyOpsToFile, groupOpsByFile } from "./file-ops.js";

export function withOps(raw: RawState, ops: FileOp[]): RawState {
  if (ops.length === 0) return raw;
  const next: RawState = {
    ...raw,
    stores: new Map(raw.stores),
    stateDir: { ...raw.stateDir },
    legacy: {
      ...raw.legacy,
      authJson: new Map(raw.legacy.authJson),
      agentDir: { ...raw.legacy.agentDir, files: [...raw.legacy.agentDir.files] },
    },
  };
  for (const [file, fileOps] of groupOpsByFile(ops)) {
    if (file === raw.paths.stateDir) {
      const outcome = applyOpsToFile(undefined, fileOps);
      if (outcome.mode !== undefined) next.stateDir.mode = outcome.mode;
      continue;
    }
    const slot = locate(next, file);
    if (!slot) continue; // a file the snapshot does not model (history, backups): nothing to show
    const before = slot.get();
    let outcome;
    try {
      outcome = applyOpsToFile(before.text, fileOps);
    } catch {
      continue; // an op that cannot apply (a value where an object should be): the transaction reports it
    }
    const from = fileOps.flatMap((op) => (op.kind === "write" && op.from ? [op.from] : []))[0];
    const updated = outcome.deleted
      ? { path: file, status: "missing" as const }
      : updatedFile(before, outcome.text, outcome.mode);
    slot.set(from && !outcome.deleted ? { ...updated, movedFrom: before.movedFrom ?? from } : updated);
  }
  return next;
}

/**
 * The state after a run that rewrote only existing auth stores, without reading it again: `raw`
 * with those stores as the run wrote them (`written`: the text written and fsynced, and an lstat
 * taken under the store's lock after the rename). Undefined when the run did anything else (a file
 * created, removed or dropped, the config, `.env` or a directory touched), or when a written file
 * is not confirmed: then the state must be read again.
 *
 * Reading back a store just written, under our own lock, gives the bytes we wrote: the rename put
 * our fsynced temp file in place, and the lstat (a regular file of the size written, the mode and
 * owner on disk) says it is there. What a read after the locks are let go of adds is a write by
 * the gateway since then, which a read a moment later would miss as well. The other files are as
 * `raw` read them, as in a run that writes nothing.
 */
export function stateAsWritten(
  raw: RawState,
  changed: readonly string[],
  written: ReadonlyMap<string, RawFile> | undefined,
): RawState | undefined {
  if (!written || changed.length === 0) return undefined;
  const byPath = new Map([...raw.stores].map(([id, store]) => [store.path, id]));
  const stores = new Map(raw.stores);
  for (const file of new Set(changed)) {
    const id = byPath.get(file);
    const after = written.get(file);
    if (id === undefined || raw.stores.get(id)?.status !== "ok" || after?.status !== "ok") return undefined;
    stores.set(id, after);
  }
  return { ...raw, stores };
}

function updatedFile(before: RawFile, text: string | undefined, mode: number | undefined): RawFile {
  const newText = text ?? before.text;
  return {
    ...before,
    status: newText === undefined ? before.status : "ok",
    text: newText,
    mode: mode ?? (text !== undefined && before.status === "missing" ? 0o600 : before.mode),
    size: newText === undefined ? before.size : Buffer.byteLength(newText),
  };
}

/** The file at `file` in a state, when the snapshot models it. */
export function fileIn(raw: RawState, file: string): RawFile | undefined {
  return locate(raw, file)?.get();
}

interface Slot {
  get(): RawFile;
  set(file: RawFile): void;
}

function locate(raw: RawState, file: string): Slot | undefined {
  if (file === raw.paths.configPath) return { get: () => raw.config, set: (f) => (raw.config = f) };
  if (file === raw.paths.dotenvPath) return { get: () => raw.dotenv, set: (f) => (raw.dotenv = f) };
  if (file === raw.legacy.config.path) return { get: () => raw.legacy.config, set: (f) => (raw.legacy.config = f) };
  // Only a file under agents/ (<state>/agent/auth.json is the old single-agent layout, not an agent "..").
  const prefix = raw.paths.agentsDir + path.sep;
  const relative = file.startsWith(prefix) ? file.slice(prefix.length).split(path.sep) : [];
  if (relative.length === 3 && relative[1] === "agent" && isSafeAgentId(relative[0])) {
    const id = relative[0];
    const map =
      relative[2] === "auth-profiles.json" ? raw.stores : relative[2] === "auth.json" ? raw.legacy.authJson : undefined;
    if (!map) return undefined;
    return {
      get: () => map.get(id) ?? { path: file, status: "missing" },
      set: (f) => {
        map.set(id, f);
        if (!raw.agentDirs.includes(id)) raw.agentDirs = [...raw.agentDirs, id].sort();
      },
    };
  }
  const files = raw.legacy.agentDir.files;
  const index = files.findIndex((f) => f.path === file);
  if (index !== -1) return { get: () => files[index], set: (f) => (files[index] = f) };
  return undefined;
}
