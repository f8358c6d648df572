// The `clawdia` command line. Each command's work is imported only when that command runs, so
// `--help` and light commands never pay for the heavy modules.
import { Command, CommanderError, Option } from "commander";
import { EXIT_INTERNAL, EXIT_USAGE, UsageError, UserError } from "../errors.js";
import { outputFailed, printErr, watchOutputStreams, writeErr, writeOut } from "../output.js";
import { maskSecrets } from "../secrets.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerModels } from "./commands/models.js";
import { registerOnboard } from "./commands/onboard.js";
import { registerSupportBundle } from "./commands/support-bundle.js";
import { registerMigrate } from "./commands/migrate.js";
import { VERSION } from "../version.js";
import { printableLine } from "../report/printable.js";

const HELP_COLUMNS = 80;

/** The top-level commands, each with what adds it and its subcommands to the program. */
const COMMANDS: Record<string, (program: Command) => void> = {
  doctor: registerDoctor,
  models: registerModels,
  onboard: registerOnboard,
  "support-bundle": registerSupportBundle,
  migrate: registerMigrate,
  completion: registerCompletion,
};

/**
 * The program, with every command, or only the one `argv` runs: commander parses a command's words
 * with its own subtree alone, and building the others' options (a few hundred objects, a regular
 * expression run per flag) was a tenth of a check's start-up. Whatever else needs the siblings gets
 * them all: help (it lists them), an unknown command (commander suggests the nearest), a first word
 * that is no command (`--state-dir DIR models …`: the word may be an option's value).
 */
function buildProgram(argv: readonly string[]): Command {
  const first = argv.find((word) => !word.startsWith("-"));
  const needsAll =
    first === undefined ||
    !Object.hasOwn(COMMANDS, first) ||
    first === "completion" ||
    argv.some((word) => word === "help" || word === "--help" || word === "-h");
  const program = newProgram();
  for (const [name, register] of Object.entries(COMMANDS)) if (needsAll || name === first) register(program);
  return program;
}

function newProgram(): Command {
  const program = new Command("clawdia")
    .description("Diagnose, repair and migrate a Clawdia gateway's state and credentials.")
    .version(VERSION, "--version", "print the version")
    .helpOption("-h, --help", "show help")
    .addOption(new Option("--state-dir <dir>", "the state directory (default: $CLAWDIA_STATE_DIR, else ~/.clawdia)"))
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      // The parser echoes what it did not understand, which may be a pasted key: mask key shapes
      // (and escape control characters, as every error does).
      writeErr: (text) => writeErr(maskSecrets(shown(text), [])),
      writeOut: (text) => writeOut(maskSecrets(text, [])),
      // Help is wrapped at 80 columns on a terminal too, so that it is the text the build renders
      // for bin/clawdia.js to print without loading the CLI (scripts/render-help.mjs).
      getOutHelpWidth: () => HELP_COLUMNS,
      getErrHelpWidth: () => HELP_COLUMNS,
    });
  return program;
}

function registerCompletion(program: Command): void {
  program
    .command("completion")
    .description("print a completion script for bash, zsh or fish")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      "\nbash: source <(clawdia completion bash)   zsh: source <(clawdia completion zsh)\nfish: clawdia completion fish > ~/.config/fish/completions/clawdia.fish",
    )
    .action(async (shell: string) => {
      const { completionScript } = await import("./completion.js");
      writeOut(completionScript(shell, program));
    });
}

export async function main(argv: string[]): Promise<number> {
  watchOutputStreams();
  const code = await run(argv);
  // Output that could not be written is a failed command, whatever the command itself concluded.
  return outputFailed() ? EXIT_INTERNAL : code;
}

async function run(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return handleError(error);
  }
}

/**
 * An error may quote what was typed or read (`unknown rule "…"`): its control characters are escaped
 * line by line, whatever the code that raised it did (already escaped text stays as it is).
 */
function shown(message: string): string {
  return message.split("\n").map(printableLine).join("\n");
}

function handleError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version are answers; the help commander prints for a command given without its
    // subcommand (`clawdia models auth order`, code commander.help) is a usage error.
    const ok = ["commander.helpDisplayed", "commander.version"].includes(error.code);
    return ok ? 0 : EXIT_USAGE; // commander has printed the message already
  }
  if (error instanceof UsageError) {
    printErr(`clawdia: ${shown(error.message)}\n(run with --help for usage)`);
    return EXIT_USAGE;
  }
  if (error instanceof UserError) {
    printErr(`clawdia: ${shown(error.message)}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  printErr(`clawdia: internal error: ${shown(message)} (this is a bug; rerun with CLAWDIA_DEBUG=1 for details)`);
  if (process.env.CLAWDIA_DEBUG === "1" && error instanceof Error && error.stack) printErr(error.stack);
  return EXIT_INTERNAL;
}
