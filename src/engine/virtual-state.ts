// The state as it would be after some operations: a RawState with the new texts and modes.
import path from "node:path";
import type { RawFile } from "../snapshot/raw-file.js";
import type { RawState } from "../snapshot/read-state.js";
import type { FileOp } from "../types.js";
import { applyOpsToFile, groupOpsByFile } from "./file-ops.js";

export function withOps(raw: RawState, ops: FileOp[]): RawState {
  if (ops.length === 0) return raw;
  const next: RawState = { ...raw, stores: new Map(raw.stores), stateDir: { ...raw.stateDir } };
  for (const [file, fileOps] of groupOpsByFile(ops)) {
    if (file === raw.paths.stateDir) {
      const outcome = applyOpsToFile(undefined, fileOps);
      if (outcome.mode !== undefined) next.stateDir.mode = outcome.mode;
      continue;
    }
    const slot = locate(next, file);
    if (!slot) continue; // a file the snapshot does not model (history, backups): nothing to show
    const before = slot.get();
    const outcome = applyOpsToFile(before.text, fileOps);
    slot.set(updatedFile(before, outcome.text, outcome.mode));
  }
  return next;
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

interface Slot {
  get(): RawFile;
  set(file: RawFile): void;
}

function locate(raw: RawState, file: string): Slot | undefined {
  if (file === raw.paths.configPath) return { get: () => raw.config, set: (f) => (raw.config = f) };
  if (file === raw.paths.dotenvPath) return { get: () => raw.dotenv, set: (f) => (raw.dotenv = f) };
  const relative = path.relative(raw.paths.agentsDir, file).split(path.sep);
  if (relative.length === 3 && relative[1] === "agent" && relative[2] === "auth-profiles.json") {
    const id = relative[0];
    return {
      get: () => raw.stores.get(id) ?? { path: file, status: "missing" },
      set: (f) => raw.stores.set(id, f),
    };
  }
  return undefined;
}
