// runMigrations: what `clawdia migrate` and the gateway's start-up run: pending migrations only, in
// one all-or-nothing transaction.
import { migrations as allMigrations } from "../../migrations/index.js";
import type { Migration } from "../migration.js";
import { resolvePaths, type StatePaths } from "../paths.js";
import { now as clockNow } from "../seams.js";
import { collectSecrets, maskSecrets } from "../secrets.js";
import { readState } from "../snapshot/read-state.js";
import { buildSnapshot } from "../snapshot/snapshot.js";
import { diffChanges } from "./diff.js";
import { planMigrations, type MigrationFailure } from "./migrate.js";
import { plannedFiles } from "./plan.js";
import { applyChanges } from "./transaction.js";

export interface MigrationSummary {
  id: string;
  version?: string;
  describe: string;
  files: string[];
}

export interface MigrationRun {
  paths: StatePaths;
  /** What is (or, with dryRun, was) pending, oldest first. */
  migrations: MigrationSummary[];
  applied: boolean;
  runId?: string;
  newerVersion?: string;
  failure?: MigrationFailure;
  /** Masked unified diff, with dryRun. */
  diff?: string;
  secrets: string[];
}

export interface RunMigrationsOptions {
  stateDir?: string;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
  migrations?: Migration[];
  command?: string;
}

export async function runMigrations(options: RunMigrationsOptions = {}): Promise<MigrationRun> {
  const env = options.env ?? process.env;
  const paths = resolvePaths({ stateDir: options.stateDir, env });
  const raw = await readState(paths, env);
  const plan = planMigrations(raw, options.migrations ?? allMigrations, clockNow());
  const secrets = collectSecrets(buildSnapshot(raw));
  // The stamp rides along with real migrations; it is not one itself.
  const summary = plan.changes.filter((change) => change.migration).map((change) => ({
    id: change.id.replace(/^migration:/, ""),
    version: change.migration?.version,
    describe: change.title,
    files: [...new Set(change.ops.map((op) => op.file))],
  }));
  const base = { paths, migrations: summary, newerVersion: plan.newerVersion, failure: plan.failure, secrets };
  if (plan.failure || plan.changes.length === 0) return { ...base, applied: false };
  const planned = plannedFiles(raw);
  if (options.dryRun) return { ...base, applied: false, diff: maskSecrets(diffChanges(plan.changes, planned, paths, raw.stateDir.mode, secrets), secrets) };
  const result = await applyChanges({ paths, planned, changes: plan.changes, command: options.command ?? "migrate", env, allOrNothing: true });
  if (result.dropped.length) {
    const { change, reason, file } = result.dropped[0];
    return { ...base, applied: false, failure: { migrationId: change.id.replace(/^migration:/, ""), file, message: reason, ...(result.leftOnDisk?.length ? { leftOnDisk: result.leftOnDisk } : {}) } };
  }
  return { ...base, applied: true, runId: result.runId };
}
