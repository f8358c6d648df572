// runMigrations: what `clawdia migrate` and the gateway's start-up run: the pipeline's load, migrate and
// apply stages (pipeline.ts), pending migrations only, in one all-or-nothing transaction.
import { migrations as allMigrations } from "../../migrations/index.js";
import type { Migration } from "../migration.js";
import { resolvePaths, type StatePaths } from "../paths.js";
import { now as clockNow } from "../seams.js";
import { collectSecrets } from "../secrets.js";
import { buildSnapshot } from "../snapshot/snapshot.js";
import type { MigrationFailure } from "./migrate.js";
import { apply, load, migrate, preview } from "./pipeline.js";

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
  const raw = await load(paths, env);
  const plan = migrate(raw, clockNow(), options.migrations ?? allMigrations);
  const secrets = collectSecrets(buildSnapshot(raw));
  // The stamp rides along with real migrations; it is not one itself.
  const summary = plan.changes
    .filter((change) => change.migration)
    .map((change) => ({
      id: change.id.replace(/^migration:/, ""),
      version: change.migration?.version,
      describe: change.title,
      files: [...new Set(change.ops.map((op) => op.file))],
    }));
  const base = { paths, migrations: summary, newerVersion: plan.newerVersion, failure: plan.failure, secrets };
  if (plan.failure || plan.changes.length === 0) return { ...base, applied: false };
  if (options.dryRun) return { ...base, applied: false, diff: await preview(plan.changes, raw, secrets) };
  const result = await apply(raw, plan.changes, options.command ?? "migrate", { env, allOrNothing: true });
  if (result.dropped.length) {
    const { change, reason, file } = result.dropped[0];
    return {
      ...base,
      applied: false,
      failure: {
        migrationId: change.id.replace(/^migration:/, ""),
        file,
        message: reason,
        ...(result.leftOnDisk?.length ? { leftOnDisk: result.leftOnDisk } : {}),
      },
    };
  }
  return { ...base, applied: true, runId: result.runId };
}
