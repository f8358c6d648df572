// Whether and how to import Claude Code's credentials into each agent's anthropic:claude-cli profile
// (DESIGN.md §2 "sync"). Pure: the sync pass and auth/claude-cli-stale both call it and get the same plan.
import { agentStorePath } from "../paths.js";
import type { ClaudeCodeCredential } from "../snapshot/claude-code.js";
import type { JsonDocument, Snapshot } from "../snapshot/snapshot.js";
import { isObject, type StoredProfile } from "../snapshot/views.js";
import type { FileOp } from "../types.js";
import { CLAUDE_CLI_PROFILE } from "./advice.js";
import { credentialStatus, describeExpiry } from "./status.js";

export interface ClaudeCliSyncPlan {
  agentId: string;
  /** The agent's auth store, the file the ops write. */
  storePath: string;
  /** Why the profile needs updating, in words: "anthropic:claude-cli is absent". */
  reason: string;
  ops: FileOp[];
}

interface Target {
  agentId: string;
  store: JsonDocument;
  current?: StoredProfile;
}

export function planClaudeCliSync(snapshot: Snapshot, now: number): ClaudeCliSyncPlan[] {
  const cli = snapshot.claudeCode.credential;
  if (!cli) return [];
  // Every plan carries the config entry too, so a plan applied on its own is complete; setting the same
  // value twice is harmless.
  const configOps = configProfileOps(snapshot);
  return targets(snapshot)
    .filter((target) => isWritableStore(target.store))
    .flatMap((target) => {
      const reason = syncReason(target.current, cli, now);
      if (!reason) return [];
      const file = target.store.file.path;
      const value = target.store.value;
      const ops: FileOp[] = [];
      if (!isObject(value) || value.version === undefined) ops.push({ kind: "json-set", file, path: ["version"], value: 1 });
      ops.push({ kind: "json-set", file, path: ["profiles", CLAUDE_CLI_PROFILE], value: profileFrom(cli) });
      return [{ agentId: target.agentId, storePath: file, reason, ops: [...ops, ...configOps] }];
    });
}

/** Why the profile should take the CLI's credential, or undefined to leave it as it is. */
export function syncReason(current: StoredProfile | undefined, cli: ClaudeCodeCredential, now: number): string | undefined {
  if (!current) return `${CLAUDE_CLI_PROFILE} is absent`;
  if (current.secret === cli.accessToken) return undefined; // already synced
  // A refreshable credential must never be downgraded to a static one.
  if (current.type === "oauth" && !cli.refreshToken) return undefined;
  if (!current.secret) return `${CLAUDE_CLI_PROFILE} has no credential`;
  if (credentialStatus(current, now, 0) === "expired" && isUsableNow(cli, now)) {
    return `${CLAUDE_CLI_PROFILE} ${describeExpiry(current.expires!, now)}`;
  }
  if (cli.expiresAt !== undefined && current.expires !== undefined && cli.expiresAt > current.expires) {
    return `Claude Code's credential ${describeExpiry(cli.expiresAt, now)}, ${CLAUDE_CLI_PROFILE} ${describeExpiry(current.expires, now)}`;
  }
  return undefined;
}

// Replacing an expired profile with an already expired CLI token would only trade one dead token for another.
function isUsableNow(cli: ClaudeCodeCredential, now: number): boolean {
  return !!cli.refreshToken || cli.expiresAt === undefined || cli.expiresAt > now;
}

function profileFrom(cli: ClaudeCodeCredential): Record<string, unknown> {
  const expires = cli.expiresAt === undefined ? {} : { expires: cli.expiresAt };
  return cli.refreshToken
    ? { type: "oauth", provider: "anthropic", access: cli.accessToken, refresh: cli.refreshToken, ...expires }
    : { type: "token", provider: "anthropic", token: cli.accessToken, ...expires };
}

function targets(snapshot: Snapshot): Target[] {
  if (snapshot.agents.length) {
    return snapshot.agents.map((agent) => ({
      agentId: agent.id,
      store: agent.store,
      current: agent.view.profiles.find((profile) => profile.id === CLAUDE_CLI_PROFILE),
    }));
  }
  const agentId = snapshot.configView.defaultAgentId;
  const path = agentStorePath(snapshot.raw.paths, agentId);
  return [{ agentId, store: { file: { path, status: "missing" }, value: undefined, problems: [] } }];
}

/** A store we can edit without guessing: absent, or parsed into an object whose `profiles` is an object. */
function isWritableStore(store: JsonDocument): boolean {
  if (store.file.status === "missing") return true;
  if (store.file.status !== "ok" || !isObject(store.value)) return false; // store/invalid reports it
  return store.value.profiles === undefined || isObject(store.value.profiles);
}

/** Adds auth.profiles["anthropic:claude-cli"] to an existing, parsed config that lacks it. */
function configProfileOps(snapshot: Snapshot): FileOp[] {
  const config = snapshot.config;
  if (config.file.status !== "ok" || !isObject(config.value)) return [];
  const auth = config.value.auth;
  if (auth !== undefined && !isObject(auth)) return [];
  const profiles = isObject(auth) ? auth.profiles : undefined;
  if (profiles !== undefined && (!isObject(profiles) || profiles[CLAUDE_CLI_PROFILE] !== undefined)) return [];
  const value = { provider: "anthropic", mode: "oauth" };
  return [{ kind: "json-set", file: snapshot.raw.paths.configPath, path: ["auth", "profiles", CLAUDE_CLI_PROFILE], value }];
}
