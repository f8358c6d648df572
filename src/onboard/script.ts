// `clawdia onboard --non-interactive …`: for provisioning scripts. The secret comes from stdin (or,
// on a terminal, a hidden prompt; never an argument); every refusal happens before anything is written.
import { rememberSecrets, printOut } from "../output.js";
import { checkProvider } from "../engine/open-state.js";
import { readSecret } from "../auth/read-secret.js";
import { installedDaemon } from "../daemon/installed.js";
import { UserError } from "../errors.js";
import { currentPlatform } from "../seams.js";
import { collectSecrets } from "../secrets.js";
import { defaultStore, resolveProfileId, type ScriptRequest } from "./options.js";
import {
  claudeCodeRefusal,
  isClaudeCodeKeyMixUp,
  keyProblem,
  onboardTokenProblem,
  worthMasking,
} from "./secret-checks.js";
import {
  checkLines,
  exitCodeOf,
  nextLines,
  runClosingChecks,
  summaryJson,
  usageLines,
  writtenLines,
  type Outcome,
} from "./summary.js";
import { commitOnboarding, previewOnboarding, openForOnboarding } from "./transaction.js";
import type { CredentialAnswer } from "./types.js";
import { setupTokenProblem } from "../auth/token-shape.js";

export async function runScript(request: ScriptRequest, stateDir: string | undefined): Promise<number> {
  const state = await openForOnboarding(stateDir);
  const { snapshot } = state;
  checkProvider(snapshot, request.provider);
  const daemon = installedDaemon(state.paths, currentPlatform());
  const store = request.store ?? defaultStore(!!daemon);
  const profileId =
    store === "profile" ? resolveProfileId(snapshot, request.provider, request.choice, request.profileId) : undefined;
  const secret = await readScriptSecret(request);
  const answer: CredentialAnswer = {
    provider: request.provider,
    choice: request.choice,
    secret,
    store,
    profileId,
    expiresInMs: request.expiresInMs,
  };

  const secrets = [...collectSecrets(snapshot), ...(worthMasking(secret) ? [secret] : [])];
  // Planning refuses (a working credential in the way, a broken file) before anything is written.
  const preview = await previewOnboarding(state, [answer], secrets);
  const committed = await commitOnboarding(stateDir, [answer], preview, secrets);
  const checks = await runClosingChecks(stateDir);
  rememberSecrets(checks.secrets);
  const outcome: Outcome = {
    plans: committed.preview.plans,
    runId: committed.runId,
    housekeeping: committed.preview.state.notes,
    checks,
    daemon,
    now: state.now,
  };
  if (request.json) printOut(JSON.stringify(summaryJson(outcome), null, 2));
  else
    printOut(
      [...writtenLines(outcome), ...usageLines(outcome), ...checkLines(outcome), ...nextLines(outcome)].join("\n"),
    );
  return exitCodeOf(outcome);
}

/** Reads and checks the secret. A setup-token is the one `claude setup-token` printed: it saves it nowhere. */
async function readScriptSecret(request: ScriptRequest): Promise<string> {
  const { provider, choice } = request;
  const what =
    choice === "api-key"
      ? `${provider} API key`
      : choice === "setup-token"
        ? "token that `claude setup-token` printed"
        : `${provider} token`;
  const secret = await readSecret(`Paste the ${what}`);
  rememberSecrets([secret].filter(worthMasking));
  if (choice === "setup-token" && secret === "") {
    throw new UserError(
      "no token on stdin. `claude setup-token` prints its token and saves it nowhere: run it on a terminal, then pipe the token it printed: … | clawdia onboard --non-interactive --provider anthropic --auth-choice setup-token (or run `clawdia models auth setup-token --provider anthropic` on a terminal, which does both). Nothing was written.",
    );
  }
  if (choice === "api-key" && isClaudeCodeKeyMixUp(secret, provider)) throw new UserError(claudeCodeRefusal(secret));
  const problem =
    choice === "api-key"
      ? keyProblem(secret, provider)
      : choice === "setup-token"
        ? (onboardTokenProblem(secret, provider) ?? setupTokenProblem(secret))
        : onboardTokenProblem(secret, provider);
  if (problem) throw new UserError(`${problem}. Nothing was written.`);
  return secret;
}
