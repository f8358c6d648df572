// `clawdia onboard`: the wizard on a terminal, or --non-interactive for scripts.
import { UsageError } from "../errors.js";
import { assertWizardFlags, parseScriptFlags, type OnboardFlags } from "../onboard/options.js";

export async function onboardAction(flags: OnboardFlags, stateDir: string | undefined): Promise<number> {
  if (flags.nonInteractive) {
    const { runScript } = await import("../onboard/script.js");
    return runScript(parseScriptFlags(flags), stateDir);
  }
  assertWizardFlags(flags);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(
      "`clawdia onboard` asks its questions on a terminal; in a script use: clawdia onboard --non-interactive --provider P --auth-choice api-key|setup-token|token [--store dotenv|profile], with the secret on stdin",
    );
  }
  const { runWizard } = await import("../onboard/wizard.js");
  return runWizard(stateDir);
}
