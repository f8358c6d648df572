// Where a provider's credential can come from, in the order the gateway looks (DESIGN.md §1).
import { displayPath } from "../paths.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { StoredProfile } from "../snapshot/views.js";
import { withRejection } from "./credential-shape.js";
import { CLAUDE_CODE_TOKEN_PREFIX, envKeyFor } from "./providers.js";
import { credentialStatus, isRefreshable } from "./status.js";

export type CredentialSourceKind = "store" | "env" | "dotenv" | "config";

export interface CredentialSource {
  kind: CredentialSourceKind;
  /** In words: "profile anthropic:default", "environment ANTHROPIC_API_KEY", "~/.clawdia/.env". */
  label: string;
  secret: string;
  profile?: StoredProfile;
  /** Why the gateway cannot use this value whatever its expiry (not a credential's shape, refused), naming where it is. */
  rejection?: string;
}

/** Mode `oauth` accepts OAuth and setup-token credentials; the others take their own type only. */
export function modeAccepts(mode: string | undefined, type: string): boolean {
  if (mode === undefined) return true;
  return mode === type || (mode === "oauth" && type === "token");
}

/** Every non-empty credential for `provider` that `agentId` can see, usable or not (a refreshable OAuth profile counts). */
export function credentialSources(snapshot: Snapshot, provider: string, agentId: string): CredentialSource[] {
  const key = envKeyFor(provider);
  const home = snapshot.raw.paths.home;
  const profiles = snapshot.agentById.get(agentId)?.view.profiles ?? [];
  const sources: CredentialSource[] = profiles
    .filter((p) => p.provider === provider && (p.secret || isRefreshable(p)))
    .map((p) => ({ kind: "store", label: `profile ${p.id}`, secret: p.secret ?? "", profile: p }));
  const add = (kind: CredentialSourceKind, label: string, value: string | undefined) => {
    if (value) sources.push({ kind, label, secret: value });
  };
  add("env", `environment ${key}`, snapshot.raw.env[key]);
  add("dotenv", `${displayPath(snapshot.raw.paths.dotenvPath, home)} ${key}`, snapshot.dotenv.parsed.vars[key]);
  add("config", `config env.vars.${key}`, snapshot.configView.envVars[key]);
  return sources.map((source) => withRejection(source, provider, snapshot));
}

/** A source the gateway would actually use: a credential, not expired, and of a type the configured mode accepts. */
export function isUsable(source: CredentialSource, snapshot: Snapshot, now: number): boolean {
  if (source.rejection) return false;
  const profile = source.profile;
  if (!profile) return true;
  const status = credentialStatus(profile, now, snapshot.configView.expiryWarnHours);
  if (status === "expired" || status === "missing") return false;
  return modeAccepts(snapshot.configView.profiles[profile.id]?.mode, profile.type);
}

/** The agents whose credentials matter: every known agent, or the default one on an empty state. */
export function agentIdsToCheck(snapshot: Snapshot): string[] {
  return snapshot.agents.length ? snapshot.agents.map((agent) => agent.id) : [snapshot.configView.defaultAgentId];
}

/** A Claude Code OAuth access or setup-token value (usable only by Claude Code itself). */
export function isClaudeCodeToken(secret: string): boolean {
  return secret.startsWith(CLAUDE_CODE_TOKEN_PREFIX);
}
