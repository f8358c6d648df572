// What `clawdia migrate [--dry-run] [--check] [--json]` does and prints.
import { runMigrations, type MigrationRun } from "../engine/run-migrations.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import { VERSION } from "../version.js";
import { printErr, printOut, rememberSecrets } from "../output.js";

interface MigrateFlags {
  dryRun?: boolean;
  check?: boolean;
  json?: boolean;
}

export async function migrateAction(flags: MigrateFlags, stateDir: string | undefined): Promise<number> {
  if (flags.check && flags.dryRun) throw new UsageError("--check and --dry-run cannot be used together");
  const run = await runMigrations({ stateDir, dryRun: flags.dryRun || flags.check, command: "migrate" });
  rememberSecrets(run.secrets);
  const code = exitCode(run, flags);
  if (flags.json) {
    printOut(JSON.stringify(migrateJson(run, !!(flags.dryRun || flags.check), code), null, 2));
    return code;
  }
  const home = run.paths.home;
  if (run.newerVersion) {
    printErr(
      `${displayPath(run.paths.configPath, home)} was last written by Clawdia ${run.newerVersion}, newer than this one (${VERSION}); it is never rewritten by this version. Upgrade Clawdia.`,
    );
    return code;
  }
  if (run.failure) {
    const { migrationId, file, message, leftOnDisk } = run.failure;
    // "Nothing was written" only when it is true: a write that could not be rolled back says what it left.
    const written = leftOnDisk?.length ? "" : " Nothing was written.";
    printErr(
      `clawdia: migration ${migrationId} failed${file ? ` on ${displayPath(file, home)}` : ""}: ${message}.${written}`,
    );
    return code;
  }
  if (run.migrations.length === 0) return (printOut("No migrations pending."), code);
  const verb = run.applied ? "Applied" : "Pending";
  const lines = run.migrations.map((m) => `  ${m.version ?? "      "}  ${m.describe}`);
  printOut([`${verb} ${run.migrations.length} migration(s):`, ...lines].join("\n"));
  if (run.diff) printOut(run.diff);
  if (run.applied) printOut(`Undo with: clawdia doctor --undo`);
  else if (!flags.check) printOut("Nothing was written (dry run).");
  return code;
}

/** `--json`; its schema: src/report/schemas/migrate.ts. */
export interface MigrateJson extends Omit<MigrationRun, "paths" | "secrets"> {
  schemaVersion: 1;
  tool: { name: "clawdia"; version: string };
  stateDir: string;
  dryRun: boolean;
  exitCode: 0 | 1;
}

function migrateJson(run: MigrationRun, dryRun: boolean, exitCode: 0 | 1): MigrateJson {
  const { paths, secrets, ...rest } = run;
  return {
    schemaVersion: 1,
    tool: { name: "clawdia", version: VERSION },
    stateDir: paths.stateDir,
    dryRun,
    ...rest,
    exitCode,
  };
}

function exitCode(run: MigrationRun, flags: MigrateFlags): 0 | 1 {
  if (run.failure || run.newerVersion) return 1;
  if (flags.check) return run.migrations.length ? 1 : 0;
  return 0;
}
