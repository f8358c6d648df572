// `clawdia onboard`: the wizard on a terminal, or --non-interactive for scripts.
import { foreignOwner } from "../engine/state-guard.js";
import { UsageError, UserError } from "../errors.js";
import { assertWizardFlags, parseScriptFlags, type OnboardFlags } from "../onboard/options.js";
import { resolvePaths } from "../paths.js";

export async function onboardAction(flags: OnboardFlags, stateDir: string | undefined): Promise<number> {
  if (flags.nonInteractive) {
    const options = parseScriptFlags(flags);
    refuseForeignState(stateDir);
    const { runScript } = await import("../onboard/script.js");
    return runScript(options, stateDir);
  }
  assertWizardFlags(flags);
  refuseForeignState(stateDir);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(
      "`clawdia onboard` asks its questions on a terminal; in a script use: clawdia onboard --non-interactive --provider P --auth-choice api-key|setup-token|token [--store dotenv|profile], with the secret on stdin",
    );
  }
  const { runWizard } = await import("../onboard/wizard.js");
  return runWizard(stateDir);
}

/** Root onboarding into a user's home would leave a state the user's gateway cannot read: refuse before asking anything. */
function refuseForeignState(stateDir: string | undefined): void {
  const foreign = foreignOwner(resolvePaths({ stateDir }).stateDir);
  if (foreign) throw new UserError(`cannot onboard here: ${foreign}. Nothing was written.`);
}
