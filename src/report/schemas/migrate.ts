// The schema of `clawdia migrate --json` (with or without --dry-run or --check).
import * as z from "zod";
import { schemaVersion, stateDir, tool } from "./common.js";

export const MIGRATE_SCHEMA_ID = "https://clawdia.dev/schema/migrate.json";

export const migrateSchema = z
  .object({
    schemaVersion,
    tool,
    stateDir,
    dryRun: z.boolean().describe("True with --dry-run or --check: nothing was written."),
    migrations: z
      .array(
        z.object({
          id: z.string(),
          version: z.string().optional().describe("The Clawdia version that introduced it."),
          describe: z.string().describe("What it changes, in words."),
          files: z.array(z.string()).describe("The files it touches."),
        }),
      )
      .describe("The migrations that were pending (and, unless dryRun, applied), oldest first."),
    applied: z.boolean().describe("Whether this run wrote them."),
    runId: z
      .string()
      .optional()
      .describe("Set when the run wrote files; `clawdia doctor --undo` restores its backups."),
    newerVersion: z
      .string()
      .optional()
      .describe("The config was written by this newer Clawdia: nothing is migrated (exit 1)."),
    failure: z
      .object({
        migrationId: z.string(),
        file: z.string().optional(),
        message: z.string(),
        leftOnDisk: z
          .array(z.string())
          .optional()
          .describe("Files a failed write could not put back (`clawdia doctor --undo` restores them)."),
      })
      .optional()
      .describe("The migration that failed (exit 1); nothing else was written."),
    diff: z
      .string()
      .optional()
      .describe("Unified diff of the pending changes, secrets masked (with --dry-run or --check)."),
    exitCode: z
      .literal([0, 1])
      .describe("The process exit code: 1 on a failure, a newer config, or (--check) pending migrations."),
  })
  .meta({ title: "Clawdia migrate", description: "The output of `clawdia migrate --json`." });
