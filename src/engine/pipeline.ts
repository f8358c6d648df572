// The one pipeline every command runs (DESIGN.md §2): load → migrate → sync → check → plan → apply →
// verify → report. Each stage is one function here, named for the stage, and each calls the file
// that does the work; plan (which fixes a run applies) is doctor's own (doctor.ts `decide`) and report
// is src/report. doctor runs them all (doctor.ts), `migrate` loads, migrates, previews or
// applies (run-migrations.ts); the models commands and onboard load with housekeeping (migrate and
// sync, applied) and apply their own changes (`commit`). Nothing else reads the state or writes it.
import { migrations as allMigrations } from "../../migrations/index.js";
import { ChangedSinceRead, UserError } from "../errors.js";
import type { Migration } from "../migration.js";
import type { StatePaths } from "../paths.js";
import type { Rule } from "../rule.js";
import { maskSecrets } from "../secrets.js";
import { readRawFile, type RawFile } from "../snapshot/raw-file.js";
import { readState, type RawState } from "../snapshot/read-state.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { Change } from "../types.js";
import { planMigrations, type MigrationPlan } from "./migrate.js";
import {
  findingKey,
  planHousekeeping,
  plannedFiles,
  runChecks,
  type CheckedFinding,
  type Housekeeping,
  type HousekeepingOptions,
} from "./plan.js";
import type { TransactionInput, TransactionResult } from "./transaction.js";

/** load: every file of the state, read once (src/snapshot/read-state.ts). */
export function load(paths: StatePaths, env: NodeJS.ProcessEnv): Promise<RawState> {
  return readState(paths, env);
}

/** migrate: the pending migrations, planned in memory (migrate.ts); nothing is written. */
export function migrate(raw: RawState, now: number, migrations: Migration[] = allMigrations): MigrationPlan {
  return planMigrations(raw, migrations, now);
}

/** migrate + sync: what every command applies on load (plan.ts: the migrations, then the Claude Code sync on their result). */
export function housekeeping(
  raw: RawState,
  now: number,
  options: HousekeepingOptions = {},
  migrations: Migration[] = allMigrations,
): Housekeeping {
  return planHousekeeping(raw, migrations, now, options);
}

/** check: the rules on a snapshot (plan.ts), only the findings about `agent` (and global ones) when one is given. */
export function check(snapshot: Snapshot, rules: Rule[], now: number, agent?: string): CheckedFinding[] {
  const findings = runChecks(snapshot, rules, now);
  return agent ? findings.filter((f) => f.subject.agentId === undefined || f.subject.agentId === agent) : findings;
}

/**
 * verify: the fixes that were applied but did not take — their finding is still among those the rules
 * give on the state as written (`remaining`: check on the state read back from disk).
 */
export function verify(remaining: CheckedFinding[], applied: CheckedFinding[]): string[] {
  const remainingKeys = new Set(remaining.map(findingKey));
  return applied
    .filter((finding) => finding.change && remainingKeys.has(findingKey(finding)))
    .map((finding) => finding.change!.id);
}

/** The changes as a unified diff against the files as planned, secrets masked (diff.ts; loaded only for a preview). */
export async function preview(
  changes: Change[],
  raw: RawState,
  secrets: readonly string[],
  planned: Map<string, RawFile> = plannedFiles(raw),
): Promise<string> {
  const { diffChanges } = await import("./diff.js");
  return maskSecrets(diffChanges(changes, planned, raw.paths, raw.stateDir.mode, secrets), secrets);
}

export interface ApplyOptions extends Pick<TransactionInput, "allOrNothing" | "env" | "confirmWritten"> {
  /** The files as the changes were planned against (default: the state's files as `raw` read them). */
  planned?: Map<string, RawFile>;
}

/**
 * apply: one transaction (transaction.ts: lock, check each file still holds what was planned against,
 * back up, write, record). A file that changed since it was read drops its change. The write path
 * is loaded only here: a command that writes nothing never pays for it.
 */
export async function apply(
  raw: RawState,
  changes: Change[],
  command: string,
  options: ApplyOptions = {},
): Promise<TransactionResult> {
  const { applyChanges } = await import("./transaction.js");
  const planned = options.planned ?? plannedFiles(raw);
  return applyChanges({
    paths: raw.paths,
    planned,
    changes,
    command,
    env: options.env ?? process.env,
    allOrNothing: options.allOrNothing,
    confirmWritten: options.confirmWritten,
  });
}

export interface LoadedState {
  raw: RawState;
  /** What housekeeping (migrations and the Claude Code sync) wrote, if anything. */
  housekeeping: TransactionResult;
}

/** load → migrate → sync → apply, as every command but doctor and migrate does on load; `write` false plans nothing. */
export async function loadWithHousekeeping(
  paths: StatePaths,
  env: NodeJS.ProcessEnv,
  now: number,
  command: string,
  write = true,
  options: HousekeepingOptions = {},
): Promise<LoadedState> {
  const raw = await load(paths, env);
  const { changes } = housekeeping(raw, now, options);
  if (!write || changes.length === 0) return { raw, housekeeping: { applied: [], dropped: [] } };
  const applied = await apply(raw, changes, command, { env });
  return { raw: applied.applied.length ? await load(paths, env) : raw, housekeeping: applied };
}

/**
 * apply for a command's own changes (models auth …, onboard, the monitor). Files the snapshot does not
 * model (the monitor's units, its launchd agent, its crontab record) are planned on as they are now.
 * Throws a UserError naming the file when any change is dropped, so a command never half-succeeds
 * quietly (a ChangedSinceRead when nothing was written because the file moved on: plan again).
 */
export async function commit(
  raw: RawState,
  changes: Change[],
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TransactionResult> {
  const planned = plannedFiles(raw);
  for (const op of changes.flatMap((change) => change.ops)) {
    if (!planned.has(op.file) && op.file !== raw.paths.stateDir) planned.set(op.file, readRawFile(op.file));
  }
  const result = await apply(raw, changes, command, { env, planned });
  if (result.dropped.length) {
    const { change, reason, changedOnDisk } = result.dropped[0];
    const file = result.dropped[0].file ?? change.ops[0]?.file ?? "a file";
    const also = result.applied.length
      ? ` (${result.applied.map((c) => c.title).join("; ")} was written)`
      : result.leftOnDisk?.length
        ? ""
        : "; nothing was written";
    const message = `${change.title}: ${file}: ${reason}${also}`;
    throw changedOnDisk && result.applied.length === 0 ? new ChangedSinceRead(message) : new UserError(message);
  }
  return result;
}
