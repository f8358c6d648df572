// Whether and how to import Claude Code's credentials into each agent's anthropic:claude-cli profile
// (DESIGN.md §2 "sync"). Pure: the sync pass and auth/claude-cli-stale both call it and get the same plan.
import { agentStorePath } from "../paths.js";
import { claudeCodeSourceLabel, type ClaudeCodeCredential } from "../snapshot/claude-code.js";
import type { JsonDocument, Snapshot } from "../snapshot/snapshot.js";
import { isObject, type StoredProfile } from "../snapshot/views.js";
import type { FileOp } from "../types.js";
import { CLAUDE_CLI_PROFILE } from "./advice.js";
import { describeExpiry, HOUR_MS, isRefreshable } from "./status.js";

export interface ClaudeCliSyncPlan {
  agentId: string;
  /** The agent's auth store, the file the ops write. */
  storePath: string;
  /** Where Claude Code's credential comes from: "CLAUDE_CODE_OAUTH_TOKEN", "~/.claude/.credentials.json", … */
  source: string;
  /** Why the profile needs updating, in words: "anthropic:claude-cli is absent". */
  reason: string;
  /** The change in words, naming the agent, the reason and the source. */
  title: string;
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
  const source = claudeCodeSourceLabel(snapshot.claudeCode, snapshot.raw.paths.home);
  const warnHours = snapshot.configView.expiryWarnHours;
  // Every plan carries the config entry too, so a plan applied on its own is complete; setting the same
  // value twice is harmless.
  const configOps = configProfileOps(snapshot);
  return targets(snapshot)
    .filter((target) => isWritableStore(target.store))
    .flatMap((target) => {
      const reason = syncReason(target.current, cli, now, warnHours);
      if (!reason) return [];
      const file = target.store.file.path;
      const value = target.store.value;
      const ops: FileOp[] = [];
      if (!isObject(value) || value.version === undefined)
        ops.push({ kind: "json-set", file, path: ["version"], value: 1 });
      ops.push({ kind: "json-set", file, path: ["profiles", CLAUDE_CLI_PROFILE], value: profileFrom(cli) });
      const title = `sync Claude Code credentials into agent ${target.agentId} (${reason}) from ${source}`;
      return [{ agentId: target.agentId, storePath: file, source, reason, title, ops: [...ops, ...configOps] }];
    });
}

/** What the sync rule needs to know of the stored profile. */
export type SyncedProfile = Pick<StoredProfile, "type" | "secret" | "refresh" | "expires" | "unusable">;

/**
 * The sync rule (DESIGN.md §2), as one pure decision: why anthropic:claude-cli should take Claude Code's
 * credential, or undefined to leave it as it is. "Refreshable" means it has a refresh token; anything
 * else is a static token, which stops working at its expiry.
 */
export function syncReason(
  current: SyncedProfile | undefined,
  cli: ClaudeCodeCredential,
  now: number,
  warnHours: number,
): string | undefined {
  if (current?.secret !== undefined && current.secret === cli.accessToken) return undefined; // equal: already synced
  // Trading whatever the profile holds for a credential that is already dead gains nothing.
  if (!isUsableNow(cli, now)) return undefined;
  if (!current) return `${CLAUDE_CLI_PROFILE} is absent`;
  // A bad expiry is the user's to fix (store/invalid says where): no guess about what the profile holds.
  if (current.unusable) return undefined;
  const refreshable = isRefreshable(current);
  if (!current.secret && !refreshable) return `${CLAUDE_CLI_PROFILE} has no credential`;
  if (refreshable) {
    // A refreshable profile never expires and is never traded for a static token.
    return cli.refreshToken ? expiresLater(current, cli, now) : undefined;
  }
  if (current.expires !== undefined && current.expires <= now)
    return `${CLAUDE_CLI_PROFILE} ${describeExpiry(current.expires, now)}`;
  const later = expiresLater(current, cli, now);
  if (!cli.refreshToken && later) return later;
  // Neither says when it ends (a token exported in CLAUDE_CODE_OAUTH_TOKEN, imported, then renewed and
  // exported again): Claude Code's is the one it uses now.
  if (!cli.refreshToken && cli.expiresAt === undefined && current.expires === undefined)
    return "Claude Code now uses another token, and neither says when it expires";
  // A valid static token is kept (it is the user's, perhaps a year-long setup-token) until it is about to end.
  if (current.expires === undefined || current.expires - now > warnHours * HOUR_MS) return undefined;
  const ending = `${CLAUDE_CLI_PROFILE} ${describeExpiry(current.expires, now)} (within the ${warnHours}h warning window)`;
  if (cli.refreshToken) return `${ending} and Claude Code's credential is refreshable`;
  return cli.expiresAt === undefined ? `${ending} and Claude Code's token has no known expiry` : undefined;
}

/** Both expiries are known and Claude Code's is later: its credential outlives the profile's. */
function expiresLater(current: SyncedProfile, cli: ClaudeCodeCredential, now: number): string | undefined {
  if (cli.expiresAt === undefined || current.expires === undefined || cli.expiresAt <= current.expires)
    return undefined;
  return `Claude Code's credential ${describeExpiry(cli.expiresAt, now)}, ${CLAUDE_CLI_PROFILE} ${describeExpiry(current.expires, now)}`;
}

/** Refreshable, or a static token that has not expired (or whose expiry is unknown). */
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
  return [
    { kind: "json-set", file: snapshot.raw.paths.configPath, path: ["auth", "profiles", CLAUDE_CLI_PROFILE], value },
  ];
}
