// `clawdia onboard`: flags here, work in ../onboard-action.ts (imported when it runs).
import { Command, Option } from "commander";

export function registerOnboard(program: Command): void {
  program
    .command("onboard")
    .description(
      "set up model credentials: an API key in <state>/.env for the daemon or as an auth profile, a Claude Code setup-token, or a pasted token",
    )
    .option(
      "--non-interactive",
      "no questions (for scripts): needs --provider and --auth-choice; the secret is read from stdin",
    )
    .option("--provider <provider>", "the provider, e.g. anthropic, openai, openrouter")
    .addOption(new Option("--auth-choice <choice>", "what to store").choices(["api-key", "setup-token", "token"]))
    .addOption(
      new Option(
        "--store <store>",
        "where an API key goes (default: dotenv when a gateway daemon is installed, else profile)",
      ).choices(["dotenv", "profile"]),
    )
    .option(
      "--profile-id <id>",
      "the profile id (default: <provider>:default for an API key, <provider>:manual for a token)",
    )
    .option("--expires-in <duration>", "when a token expires, e.g. 365d, 12h")
    .option("--json", "print a JSON summary (fingerprints only)")
    .addHelpText(
      "after",
      `
Secrets are never taken from arguments: pipe them on stdin, e.g.
  printf %s "$ANTHROPIC_API_KEY" | clawdia onboard --non-interactive --provider anthropic --auth-choice api-key --store dotenv
Exit codes: 0 done and the checks pass, 1 an error-level finding remains or the input was refused
(nothing written), 64 bad usage, 130 cancelled (nothing written).`,
    )
    .action(async (flags, command: Command) => {
      const { onboardAction } = await import("../onboard-action.js");
      process.exitCode = await onboardAction(flags, command.optsWithGlobals().stateDir as string | undefined);
    });
}
