// `clawdia support-bundle`: its flags; the work is in ../support-bundle-action.ts, imported when it runs.
import type { Command } from "commander";

export interface SupportBundleFlags {
  output?: string;
  json?: boolean;
  logLines?: string;
  since?: string;
}

export function registerSupportBundle(program: Command): void {
  program
    .command("support-bundle")
    .description("write one redacted .tar.gz (state, doctor report, logs) to attach to a bug report")
    .option(
      "--output <file>",
      "where to write it (default: ./clawdia-support-<timestamp>.tar.gz); never overwrites a file",
    )
    .option("--json", "print the bundle's manifest as JSON")
    .option("--log-lines <n>", "the last N lines of each gateway log (default 2000)")
    .option(
      "--since <duration>",
      "only log lines from the last DURATION, e.g. 2h, 3d (with --log-lines: the last N of those)",
    )
    .addHelpText(
      "after",
      `
Secrets are always redacted (by field name, by shape, and every value found in the state); the
home directory becomes ~. The state is only read: nothing in it changes.
Exit codes: 0 written, 1 the bundle could not be written (the output exists, its directory is
missing or not writable), 64 bad usage, 70 internal error, 130/143/129 interrupted by
SIGINT/SIGTERM/SIGHUP (its temporary files removed, nothing written).`,
    )
    .action(async (flags: SupportBundleFlags, command: Command) => {
      const { supportBundleAction } = await import("../support-bundle-action.js");
      process.exitCode = await supportBundleAction(flags, command.optsWithGlobals().stateDir);
    });
}
