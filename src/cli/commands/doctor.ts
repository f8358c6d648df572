// `clawdia doctor`: its flags; the work is in ../doctor-action.ts, imported when it runs.
import { Command, Option } from "commander";

export interface DoctorFlags {
  fix?: boolean;
  yes?: boolean;
  nonInteractive?: boolean;
  dryRun?: boolean;
  /** true for the newest run, or a run id. */
  undo?: boolean | string;
  history?: boolean;
  json?: boolean;
  sarif?: boolean;
  only?: string[];
  skip?: string[];
  agent?: string;
  listRules?: boolean;
  explain?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("find what is wrong with the gateway's state and credentials; repair what is safe")
    .option("--fix", "also apply unsafe repairs (asks first on a terminal)")
    .option("--yes", "accept unsafe repairs without asking (with --fix)")
    .option("--non-interactive", "apply safe repairs only and never prompt")
    .option("--dry-run", "write nothing; print the diff of every change it would make")
    .option("--undo [run-id]", "restore the files of the last run that wrote (or of that run: see --history)")
    .option("--history", "list the runs that wrote, newest last, with what --undo can still take back")
    .addOption(new Option("--json", "print the report as JSON").conflicts("sarif"))
    .option("--sarif", "print the report as SARIF 2.1.0")
    .option("--only <rule>", "run only this rule (repeatable)", collect)
    .option("--skip <rule>", "skip this rule (repeatable)", collect)
    .option("--agent <id>", "only findings about this agent")
    .option("--list-rules", "list every rule with its category, severity and fix class")
    .option("--explain <rule>", "print a rule's documentation")
    .addHelpText(
      "after",
      `
Exit codes: 0 nothing left at warning or above, 1 an error remains, 2 only warnings remain,
64 bad usage, 70 internal error. Safe repairs are applied without asking; --dry-run writes nothing.
Every write is backed up to <state>/backups/<run-id>/ (the newest 10 runs keep theirs; config
doctor.backups.keep, 1 to 1000) and recorded in <state>/doctor/history.jsonl.`,
    )
    .action(async (flags: DoctorFlags, command: Command) => {
      const { doctorAction } = await import("../doctor-action.js");
      process.exitCode = await doctorAction(flags, command.optsWithGlobals().stateDir);
    });
}
