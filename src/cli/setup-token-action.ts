// `clawdia models auth setup-token --provider anthropic [--expires-in D] [--agent ID]`: runs
// `claude setup-token` on this terminal and stores the token it printed as anthropic:claude-cli, with
// the year Claude Code gives it. Never Claude Code's own login: that one is short-lived and shares a
// rotating refresh token with Claude Code.
import { CLAUDE_CLI_PROFILE } from "../auth/advice.js";
import { fingerprint } from "../auth/fingerprint.js";
import { SETUP_TOKEN_LIFETIME_MS } from "../auth/providers.js";
import { setupTokenProblem } from "../auth/token-shape.js";
import { parseDuration } from "../duration.js";
import { UsageError, UserError } from "../errors.js";
import { runClaudeSetupToken } from "../auth/claude-setup-token.js";
import { chooseAgent, openState } from "../engine/open-state.js";
import { printErr, printOut } from "../output.js";
import { readSecret } from "../auth/read-secret.js";
import { storeToken } from "../auth/store-token.js";

const COMMAND = "models auth setup-token";

interface SetupTokenFlags {
  provider: string;
  agent?: string;
  expiresIn?: string;
}

export async function setupTokenAction(flags: SetupTokenFlags, stateDir: string | undefined): Promise<number> {
  // Everything that can be refused is refused before the browser login, which cannot be taken back.
  if (flags.provider !== "anthropic")
    throw new UsageError(
      `setup-token is for --provider anthropic only (got "${flags.provider}"); for other providers use \`clawdia models auth paste-token --provider ${flags.provider}\``,
    );
  const lifetime =
    flags.expiresIn === undefined ? SETUP_TOKEN_LIFETIME_MS : parseDuration(flags.expiresIn, "--expires-in");
  const agentId = chooseAgent((await openState(stateDir, COMMAND, false)).snapshot, flags.agent);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      "`claude setup-token` requires an interactive terminal (TTY). Run this on the gateway host in a terminal; in a script, pipe a token you already have: … | clawdia models auth paste-token --provider anthropic --profile-id anthropic:claude-cli --expires-in 365d",
    );
  }
  const run = await runClaudeSetupToken();

  // Read again: the browser login took a while, and the gateway may have written meanwhile.
  const state = await openState(stateDir, COMMAND, true, { syncSkips: [agentId] });
  const token = await takeToken(run.printed);
  const result = await storeToken(state, {
    agentId,
    profileId: CLAUDE_CLI_PROFILE,
    provider: "anthropic",
    token,
    expires: state.now + lifetime,
    command: COMMAND,
  });
  const took = run.printed === token ? `Took the token \`claude setup-token\` printed (${fingerprint(token)}).\n` : "";
  printOut([...state.notes, `${took}${result.message}`, "Check it: clawdia models status"].join("\n"));
  return 0;
}

/** The printed token when it could be read whole, else the one the user pastes. */
async function takeToken(printed: string | undefined): Promise<string> {
  const printedProblem = printed === undefined ? "it could not be read from the screen" : setupTokenProblem(printed);
  if (!printedProblem) return printed!;
  printErr(`The token \`claude setup-token\` printed is needed: ${printedProblem}.`);
  const token = await readSecret("Paste the token that `claude setup-token` printed (it is not shown)");
  const problem = setupTokenProblem(token);
  if (problem) throw new UserError(`${problem}. Nothing was written.`);
  return token;
}
