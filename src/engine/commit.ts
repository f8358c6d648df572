// For commands that write (models auth …, migrate, onboard): run housekeeping, then commit a
// command's changes through the same transaction as doctor, failing loudly when one is dropped.
import { migrations } from "../../migrations/index.js";
import { UserError } from "../errors.js";
import type { StatePaths } from "../paths.js";
import { readRawFile } from "../snapshot/raw-file.js";
import { readState, type RawState } from "../snapshot/read-state.js";
import type { Change } from "../types.js";
import { planHousekeeping, plannedFiles, type HousekeepingOptions } from "./plan.js";
import type { TransactionResult } from "./transaction.js";

export interface LoadedState {
  raw: RawState;
  /** What housekeeping (migrations and the Claude Code sync) wrote, if anything. */
  housekeeping: TransactionResult;
}

/** Reads the state and applies pending migrations and the sync pass, as every entry point does. */
export async function loadWithHousekeeping(
  paths: StatePaths,
  env: NodeJS.ProcessEnv,
  now: number,
  command: string,
  write = true,
  options: HousekeepingOptions = {},
): Promise<LoadedState> {
  const raw = await readState(paths, env);
  const { changes } = planHousekeeping(raw, migrations, now, options);
  if (!write || changes.length === 0) return { raw, housekeeping: { applied: [], dropped: [] } };
  // The write path (locks, fsyncs, backups) is loaded only when there is something to write: a
  // read-only command on a state with nothing pending never pays for it.
  const { applyChanges } = await import("./transaction.js");
  const housekeeping = await applyChanges({ paths, planned: plannedFiles(raw), changes, command, env });
  return { raw: housekeeping.applied.length ? await readState(paths, env) : raw, housekeeping };
}

/**
 * Commits a command's changes in one transaction, planned against `raw` (files the snapshot does not
 * model, such as systemd units, are read now). Throws a UserError naming the file when any change
 * is dropped, so a command never half-succeeds quietly.
 */
export async function commitChanges(paths: StatePaths, raw: RawState, changes: Change[], command: string, env: NodeJS.ProcessEnv = process.env): Promise<TransactionResult> {
  const planned = plannedFiles(raw);
  for (const op of changes.flatMap((change) => change.ops)) {
    if (!planned.has(op.file) && op.file !== paths.stateDir) planned.set(op.file, readRawFile(op.file));
  }
  const { applyChanges } = await import("./transaction.js");
  const result = await applyChanges({ paths, planned, changes, command, env });
  if (result.dropped.length) {
    const { change, reason } = result.dropped[0];
    const file = result.dropped[0].file ?? change.ops[0]?.file ?? "a file";
    const also = result.applied.length ? ` (${result.applied.map((c) => c.title).join("; ")} was written)` : result.leftOnDisk?.length ? "" : "; nothing was written";
    throw new UserError(`${change.title}: ${file}: ${reason}${also}`);
  }
  return result;
}

