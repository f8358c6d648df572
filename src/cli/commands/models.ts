// `clawdia models status` and `clawdia models auth …`: flags here, work in the *-action.ts files.
import { Command, Option } from "commander";

export function registerModels(program: Command): void {
  const models = program.command("models").description("model credentials: status and auth profiles");
  const stateDir = (command: Command) => command.optsWithGlobals().stateDir as string | undefined;

  models
    .command("status")
    .description("sync Claude Code credentials, then show every provider's credentials, expiry and candidates")
    .option(
      "--check",
      "exit 1 when a credential in use is expired, missing or the state cannot be read, 2 when one expires soon or every one of a provider is cooling down",
    )
    .option("--shell", "judge this shell's environment, not the installed gateway daemon's (a gateway started by hand)")
    .option("--json", "print JSON (same as --format json)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "prometheus"]))
    .option("--agent <id>", "only this agent (default: every agent; the default agent in detail)")
    .addHelpText(
      "after",
      "\nThe verdict is what the gateway itself will get: with a systemd unit or launchd agent installed, the\n" +
        "daemon's environment (its unit or plist, <state>/.env, config env.vars, the login shell when\n" +
        "env.shellEnv is on), not this shell's; --shell judges this shell's instead.\n" +
        "Exit codes with --check: 0 ok, 1 expired, missing or unreadable state, 2 expiring, or every\n" +
        "candidate of a provider cooling down after errors (it recovers by itself); 64 bad usage.",
    )
    .action(async (flags, command: Command) => {
      const { modelsStatusAction } = await import("../models-status-action.js");
      process.exitCode = await modelsStatusAction(flags, stateDir(command));
    });

  const auth = models.command("auth").description("manage auth profiles");
  const order = auth
    .command("order")
    .description("per-agent auth profile order (stored in the agent's auth-profiles.json)");
  for (const action of ["get", "set", "clear"] as const) {
    const sub = order
      .command(action)
      .description(
        { get: "show the order override", set: "set the order override", clear: "remove the order override" }[action],
      )
      .requiredOption("--provider <provider>", "the provider, e.g. anthropic")
      .option("--agent <id>", "the agent (default: the configured default agent)")
      .option("--json", "print JSON");
    if (action === "set") sub.argument("<profileIds...>", "profile ids, first tried first");
    sub.action(async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const ids = action === "set" ? (args[0] as string[]) : [];
      const { authOrderAction } = await import("../auth-order-action.js");
      process.exitCode = await authOrderAction(action, ids, command.opts(), stateDir(command));
    });
  }

  auth
    .command("paste-token")
    .description("store a token for any provider; it is read from stdin or a hidden prompt, never from arguments")
    .requiredOption("--provider <provider>", "the provider, e.g. anthropic, openrouter")
    .option("--profile-id <id>", "the profile id (default: <provider>:manual)")
    .option(
      "--expires-in <duration>",
      "when the token expires, e.g. 365d (a Claude Code setup-token), 12h; without it no expiry is recorded",
    )
    .option("--agent <id>", "the agent (default: the configured default agent)")
    .action(async (flags, command: Command) => {
      const { pasteTokenAction } = await import("../paste-token-action.js");
      process.exitCode = await pasteTokenAction(flags, stateDir(command));
    });

  const cooldown = auth
    .command("cooldown")
    .description("the gateway's rest for a profile after errors (usageStats in the agent's auth store)");
  cooldown
    .command("clear")
    .description("clear the cooldown and error count of a provider's profiles, so the gateway tries them again at once")
    .requiredOption("--provider <provider>", "the provider, e.g. anthropic")
    .option("--profile <id>", "only this profile (default: every profile of the provider)")
    .option("--agent <id>", "the agent (default: the configured default agent; cooldowns are recorded per agent)")
    .option("--dry-run", "show what would be cleared, write nothing")
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      "\nA cooldown ends by itself (clawdia models status shows when). Clear one when its cause is fixed\n" +
        "(credits added, a rate limit raised) or when it is longer than the gateway's backoff gives\n" +
        "(clawdia doctor says so). The last recorded error and lastUsed are kept. The change is backed up\n" +
        "and made under the gateway's lock; it is refused while the gateway holds the lock past the timeout.\n" +
        "Undo: clawdia doctor --undo.",
    )
    .action(async (flags, command: Command) => {
      const { cooldownClearAction } = await import("../cooldown-clear-action.js");
      process.exitCode = await cooldownClearAction(flags, stateDir(command));
    });

  const monitor = auth
    .command("monitor")
    .description("a systemd user timer, launchd agent or cron line that runs `models status --check` and notifies you");
  for (const action of ["print", "install", "uninstall"] as const) {
    const sub = monitor.command(action).description(
      {
        print: "show what would be installed, without writing it",
        install: "write and enable it",
        uninstall: "disable and remove it (backed up)",
      }[action],
    );
    if (action !== "uninstall") {
      sub
        .option("--every <duration>", "how often to check: 30m, 6h, 1d (5m to 7d)", "6h")
        .option(
          "--notify <command>",
          "a shell command to run when the check is not 0 ($CLAWDIA_CHECK_EXIT holds the code)",
        );
    }
    sub.option(
      "--scheduler <scheduler>",
      "systemd, launchd or cron (default: launchd on macOS, cron on Termux or without a systemd user manager, else systemd)",
    );
    sub.action(async (flags, command: Command) => {
      const { monitorAction } = await import("../monitor-action.js");
      process.exitCode = await monitorAction(action, flags, stateDir(command));
    });
  }

  auth
    .command("setup-token")
    .description(
      "run `claude setup-token` on this terminal and store the token it prints as anthropic:claude-cli (expires in a year)",
    )
    .requiredOption("--provider <provider>", "anthropic (the only provider with a setup-token)")
    .option("--expires-in <duration>", "when the token expires, if not in the year Claude Code gives it, e.g. 30d")
    .option("--agent <id>", "the agent (default: the configured default agent)")
    .action(async (flags, command: Command) => {
      const { setupTokenAction } = await import("../setup-token-action.js");
      process.exitCode = await setupTokenAction(flags, stateDir(command));
    });
}
