// `clawdia models auth setup-token --provider anthropic`: runs `claude setup-token` on this terminal,
// syncs what it stored, and otherwise asks for the token it printed.
import { spawnSync } from "node:child_process";
import { CLAUDE_CLI_PROFILE } from "../auth/advice.js";
import { tokenProblem } from "../auth/token-shape.js";
import { UsageError, UserError } from "../errors.js";
import { putConfigProfileOps } from "../auth/profile-ops.js";
import { commitChanges } from "../engine/commit.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { FileOp } from "../types.js";
import { chooseAgent, openState } from "./open-state.js";
import { printOut } from "./output.js";
import { readSecret } from "./read-secret.js";
import { storeToken } from "./store-token.js";

export async function setupTokenAction(flags: { provider: string; agent?: string }, stateDir: string | undefined): Promise<number> {
  if (flags.provider !== "anthropic") throw new UsageError(`setup-token is for --provider anthropic only (got "${flags.provider}"); for other providers use \`clawdia models auth paste-token --provider ${flags.provider}\``);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError("`claude setup-token` requires an interactive terminal (TTY). Run this on the gateway host in a terminal, or paste a token: clawdia models auth paste-token --provider anthropic");
  }
  runClaudeSetupToken();

  const state = await openState(stateDir, "models auth setup-token");
  const agentId = chooseAgent(state.snapshot, flags.agent);
  if (holdsClaudeCodeCredential(state.snapshot, agentId)) {
    await ensureConfigMode(state);
    printOut([...state.notes, `${CLAUDE_CLI_PROFILE} (agent ${agentId}) holds Claude Code's credential.`, "Check it: clawdia models status"].join("\n"));
    return 0;
  }
  // Claude Code did not store the token where we can read it (it prints it instead): ask for it.
  const token = await readSecret("Paste the token that `claude setup-token` printed");
  const problem = tokenProblem(token, "anthropic");
  if (problem) throw new UserError(`${problem}. Nothing was written.`);
  const result = await storeToken(state, { agentId, profileId: CLAUDE_CLI_PROFILE, provider: "anthropic", token, command: "models auth setup-token" });
  printOut(`${result.message}\nCheck it: clawdia models status`);
  return 0;
}

/** Whether the agent's anthropic:claude-cli profile holds what Claude Code stored (after the sync). */
export function holdsClaudeCodeCredential(snapshot: Snapshot, agentId: string): boolean {
  const synced = snapshot.agentById.get(agentId)?.view.profiles.find((p) => p.id === CLAUDE_CLI_PROFILE);
  const fromClaude = snapshot.claudeCode.credential?.accessToken;
  return !!synced?.secret && synced.secret === fromClaude;
}

/** Runs `claude setup-token` with this terminal attached; a UserError says why it could not. */
export function runClaudeSetupToken(): void {
  const result = spawnSync("claude", ["setup-token"], { stdio: "inherit" });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new UserError(
      "the `claude` command (Claude Code CLI) was not found on PATH. Install Claude Code (npm install -g @anthropic-ai/claude-code) and rerun, or paste a token: clawdia models auth paste-token --provider anthropic",
    );
  }
  if (result.error) throw new UserError(`could not run \`claude setup-token\`: ${result.error.message}`);
  if (result.status !== 0) throw new UserError(`\`claude setup-token\` failed (exit ${result.status ?? result.signal}); nothing was written`);
}

/** The docs: "Clawdia config sets auth.profiles["anthropic:claude-cli"].mode to "oauth"". */
export function claudeCliConfigOps(snapshot: Snapshot): FileOp[] {
  return putConfigProfileOps(snapshot, CLAUDE_CLI_PROFILE, { provider: "anthropic", mode: "oauth" });
}

async function ensureConfigMode(state: Awaited<ReturnType<typeof openState>>): Promise<void> {
  const ops = claudeCliConfigOps(state.snapshot);
  if (ops.length) await commitChanges(state.paths, state.snapshot.raw, [{ id: "config:claude-cli-mode", title: 'set auth.profiles["anthropic:claude-cli"].mode to "oauth"', source: "fix", safety: "safe", ops }], "models auth setup-token");
}
