// Where a provider's credential can come from, in the order the gateway looks (DESIGN.md §1).
import type { Snapshot } from "../snapshot/snapshot.js";
import { candidateOrder, resolveAuthCandidates, type CandidateResolution } from "./candidates.js";
import { gatewayEnv, type GatewayEnv } from "./gateway-env.js";
import type { StoredProfile } from "../snapshot/views.js";
import { withRejection } from "./credential-shape.js";
import { CLAUDE_CODE_TOKEN_PREFIX, envKeyFor, providersInUse } from "./providers.js";
import { credentialStatus, isRefreshable } from "./status.js";

/** "store", or where the gateway's environment has the key from ("env", "dotenv", "config", "unit", …). */
export type CredentialSourceKind = string;

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

/**
 * Every non-empty credential for `provider` that `agentId`'s gateway can see, usable or not: its
 * stored profiles (a refreshable OAuth profile counts, even with no access token yet), then the provider's key variable as the gateway's environment has it (`env`: the
 * daemon's when one is installed, see gateway-env.ts). Only the first source of the variable counts,
 * as for the gateway itself.
 */
export function credentialSources(
  snapshot: Snapshot,
  provider: string,
  agentId: string,
  env: GatewayEnv = gatewayEnv(snapshot),
): CredentialSource[] {
  const key = envKeyFor(provider);
  const sources = storeSources(snapshot, provider, agentId);
  const fromEnv = env.lookup(key);
  if (fromEnv?.value) sources.push({ kind: fromEnv.kind, label: fromEnv.label, secret: fromEnv.value });
  return sources.map((source) => withRejection(source, provider, snapshot));
}

/** The agent's stored profiles of `provider` as sources (`only`: those it keeps), not yet judged. */
function storeSources(
  snapshot: Snapshot,
  provider: string,
  agentId: string,
  only: (profile: StoredProfile) => boolean = () => true,
): CredentialSource[] {
  const profiles = snapshot.agentById.get(agentId)?.view.profiles ?? [];
  return profiles
    .filter((p) => p.provider === provider && (p.secret || isRefreshable(p)) && only(p))
    .map((p) => ({ kind: "store", label: `profile ${p.id}`, secret: p.secret ?? "", profile: p }));
}

/** A source the gateway would actually use: a credential, not expired, and of a type the configured mode accepts. */
export function isUsable(source: CredentialSource, snapshot: Snapshot, now: number): boolean {
  if (source.rejection) return false;
  const profile = source.profile;
  if (!profile) return true;
  const status = credentialStatus(profile, now, snapshot.configView.expiryWarnHours);
  if (status === "expired" || status === "missing" || status === "invalid") return false;
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

const NO_STORE = { profiles: [], order: {}, lastGood: {}, usageStats: {} };

/**
 * Each snapshot's resolutions, by provider, agent and clock: three auth rules ask for the same ones
 * (for every agent), and a snapshot never changes. Callers only read them.
 */
const resolutions = new WeakMap<Snapshot, Map<string, CandidateResolution>>();

/** The agent's profile candidates for `provider`, as the gateway orders them (an agent with no store has none). */
export function agentCandidates(
  snapshot: Snapshot,
  provider: string,
  agentId: string,
  now: number,
): CandidateResolution {
  let known = resolutions.get(snapshot);
  if (!known) resolutions.set(snapshot, (known = new Map()));
  const key = `${now} ${provider} ${agentId}`;
  let resolution = known.get(key);
  if (!resolution) {
    const store = snapshot.agentById.get(agentId)?.view ?? NO_STORE;
    resolution = resolveAuthCandidates({ config: snapshot.configView, store, provider, now });
    known.set(key, resolution);
  }
  return resolution;
}

/**
 * The credential the gateway will use for `provider` in `agentId`: its next profile candidate, else
 * the key variable as its environment (`env`) has it, when usable; undefined when nothing is usable.
 * The one judgement `models status --check` and doctor's auth rules share.
 */
export function gatewayCredential(
  snapshot: Snapshot,
  provider: string,
  agentId: string,
  now: number,
  env: GatewayEnv = gatewayEnv(snapshot),
  resolution: CandidateResolution = agentCandidates(snapshot, provider, agentId, now),
): CredentialSource | undefined {
  // The next candidate's source alone, when it has one: judging every other source's value too
  // (the placeholder and shape checks) would only be thrown away.
  const [next] = resolution.next ? storeSources(snapshot, provider, agentId, (p) => p.id === resolution.next) : [];
  if (next) return withRejection(next, provider, snapshot);
  return credentialSources(snapshot, provider, agentId, env).find(
    (source) => !source.profile && isUsable(source, snapshot, now),
  );
}

/**
 * Whether the gateway would ever try `profile`: its provider is in use and the profile is in the
 * order the gateway follows for it. An expiry matters to `--check` only then (an expired profile
 * outside the order is noted, never a failure).
 */
export function inGatewayOrder(snapshot: Snapshot, profile: StoredProfile): boolean {
  if (!providersInUse(snapshot.configView).has(profile.provider)) return false;
  const store = snapshot.agentById.get(profile.agentId)?.view ?? NO_STORE;
  return candidateOrder(snapshot.configView, store, profile.provider).includes(profile.id);
}
