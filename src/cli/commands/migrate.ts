// `clawdia migrate`: flags here, the work in ../migrate-action.ts.
import { Command } from "commander";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending config and state migrations (all or nothing; undo with `clawdia doctor --undo`)")
    .option("--dry-run", "write nothing; print the diff of every pending migration")
    .option("--check", "write nothing; exit 1 when migrations are pending, 0 when none are")
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      "\nExit codes: 0 done (or nothing pending), 1 pending (--check) or a migration failed, 64 bad usage.",
    )
    .action(async (flags, command: Command) => {
      const { migrateAction } = await import("../migrate-action.js");
      process.exitCode = await migrateAction(flags, command.optsWithGlobals().stateDir);
    });
}
