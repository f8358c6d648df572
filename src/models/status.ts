// The data of `clawdia models status`: per agent and provider, the effective credential and where it
// comes from, every profile with its status, and the candidates in order. Pure: built from a snapshot.
import { resolveAuthCandidates, type CandidateResolution } from "../auth/candidates.js";
import { credentialSources, agentIdsToCheck, type CredentialSource } from "../auth/credentials.js";
import { fingerprint } from "../auth/fingerprint.js";
import { envKeyFor, providersInUse } from "../auth/providers.js";
import { credentialStatus, type CredentialStatus } from "../auth/status.js";
import { daemonSight, daemonSummary, type DaemonSight, type DaemonSummary } from "../daemon/status.js";
import type { Snapshot } from "../snapshot/snapshot.js";

export interface ProfileStatus {
  id: string;
  type: string;
  fingerprint?: string;
  status: CredentialStatus;
  expires?: number;
  refreshable: boolean;
  cooldownUntil?: number;
  errorCount?: number;
}

export interface EffectiveCredential {
  kind: "store" | "env" | "dotenv" | "config";
  label: string;
  fingerprint: string;
  profileId?: string;
}

/** ok; expiring (exit 2); expired or missing (exit 1). */
export type ProviderHealth = "ok" | "expiring" | "expired" | "missing";

export interface ProviderStatus {
  provider: string;
  inUseBy: string[];
  envKey: string;
  effective?: EffectiveCredential;
  health: ProviderHealth;
  /** In words: why the health is what it is. */
  problem?: string;
  profiles: ProfileStatus[];
  resolution: CandidateResolution;
  /** Whether the installed gateway daemon sees a credential, and from where (absent: no daemon installed). */
  daemon?: DaemonSight;
}

export interface AgentStatus {
  agentId: string;
  isDefault: boolean;
  providers: ProviderStatus[];
}

export interface ModelsStatus {
  stateDir: string;
  configPath: string;
  defaultModel: string;
  defaultAgentId: string;
  expiryWarnHours: number;
  agents: AgentStatus[];
  exitCode: 0 | 1 | 2;
  /** The gateway daemon installed for this user (systemd unit or launchd agent), if doctor read it. */
  daemon?: DaemonSummary;
}

export function modelsStatus(snapshot: Snapshot, now: number, agentFilter?: string): ModelsStatus {
  const config = snapshot.configView;
  const inUse = providersInUse(config);
  const agentIds = agentFilter ? [agentFilter] : agentIdsToCheck(snapshot);
  const agents = agentIds.map((agentId) => ({
    agentId,
    isDefault: agentId === config.defaultAgentId,
    providers: [...allProviders(snapshot, agentId, inUse)].map((provider) => providerStatus(snapshot, agentId, provider, inUse.get(provider) ?? [], now)),
  }));
  return {
    stateDir: snapshot.raw.paths.stateDir,
    configPath: snapshot.raw.paths.configPath,
    defaultModel: config.defaultModel,
    defaultAgentId: config.defaultAgentId,
    expiryWarnHours: config.expiryWarnHours,
    agents,
    exitCode: checkExitCode(agents),
    daemon: daemonSummary(snapshot),
  };
}

/** Providers in use, then any other provider the agent has profiles for (shown, never failing the check). */
function allProviders(snapshot: Snapshot, agentId: string, inUse: Map<string, string[]>): Set<string> {
  const stored = snapshot.agentById.get(agentId)?.view.profiles.map((profile) => profile.provider) ?? [];
  return new Set([...inUse.keys(), ...stored]);
}

function providerStatus(snapshot: Snapshot, agentId: string, provider: string, inUseBy: string[], now: number): ProviderStatus {
  const view = snapshot.agentById.get(agentId)?.view;
  const warnHours = snapshot.configView.expiryWarnHours;
  const resolution = resolveAuthCandidates({ config: snapshot.configView, store: view ?? emptyStore(), provider, now });
  const profiles: ProfileStatus[] = (view?.profiles ?? [])
    .filter((profile) => profile.provider === provider)
    .map((profile) => ({
      id: profile.id,
      type: profile.type,
      fingerprint: profile.secret ? fingerprint(profile.secret) : undefined,
      status: credentialStatus(profile, now, warnHours),
      expires: profile.expires,
      refreshable: profile.type === "oauth" && !!profile.refresh,
      cooldownUntil: view?.usageStats[profile.id]?.cooldownUntil,
      errorCount: view?.usageStats[profile.id]?.errorCount,
    }));
  const effective = effectiveCredential(snapshot, agentId, provider, resolution);
  const { health, problem } = explainRejected(providerHealth(resolution, profiles, effective, inUseBy.length > 0), credentialSources(snapshot, provider, agentId));
  const fromStore = effective?.kind === "store" ? { id: effective.profileId!, fingerprint: effective.fingerprint } : undefined;
  const daemon = daemonSight(snapshot, envKeyFor(provider), fromStore);
  return { provider, inUseBy, envKey: envKeyFor(provider), effective, health, problem, profiles, resolution, ...(daemon && { daemon }) };
}

/** The gateway tries the auth profiles first, then the provider's key variable. */
function effectiveCredential(snapshot: Snapshot, agentId: string, provider: string, resolution: CandidateResolution): EffectiveCredential | undefined {
  const sources = credentialSources(snapshot, provider, agentId);
  if (resolution.next) {
    const source = sources.find((s) => s.profile?.id === resolution.next);
    if (source) return { kind: "store", label: `profile ${resolution.next}`, fingerprint: fingerprint(source.secret), profileId: resolution.next };
  }
  const fromEnv = sources.find((s) => s.kind !== "store" && !s.rejection);
  return fromEnv && { kind: fromEnv.kind, label: fromEnv.label, fingerprint: fingerprint(fromEnv.secret) };
}

/**
 * The automation contract (`--check`): a provider in use with no usable credential is missing (1);
 * a profile in its order that has expired is expired (1); one expiring within the window is
 * expiring (2). API keys never expire; an OAuth profile with a refresh token is never expired.
 */
function providerHealth(
  resolution: CandidateResolution,
  profiles: ProfileStatus[],
  effective: EffectiveCredential | undefined,
  inUse: boolean,
): { health: ProviderHealth; problem?: string } {
  if (!inUse) return { health: "ok" };
  const inOrder = profiles.filter((profile) => resolution.order.includes(profile.id));
  const expired = inOrder.filter((profile) => profile.status === "expired");
  if (!effective) {
    return expired.length
      ? { health: "expired", problem: `${expired.map((p) => p.id).join(", ")} expired and nothing else is usable` }
      : { health: "missing", problem: "No credentials found" };
  }
  if (expired.length) return { health: "expired", problem: `${expired.map((p) => p.id).join(", ")} expired` };
  const expiring = inOrder.filter((profile) => profile.status === "expiring");
  if (expiring.length) return { health: "expiring", problem: `${expiring.map((p) => p.id).join(", ")} expiring` };
  return { health: "ok" };
}

/** "No credentials found" is wrong when key variables are set but none is a key: say what each is instead. */
function explainRejected(verdict: { health: ProviderHealth; problem?: string }, sources: CredentialSource[]): { health: ProviderHealth; problem?: string } {
  const rejected = sources.filter((source) => source.kind !== "store" && source.rejection).map((source) => source.rejection);
  return verdict.health === "missing" && rejected.length ? { ...verdict, problem: `No usable credentials: ${rejected.join("; ")}` } : verdict;
}

function checkExitCode(agents: AgentStatus[]): 0 | 1 | 2 {
  const health = agents.flatMap((agent) => agent.providers.map((provider) => provider.health));
  if (health.some((h) => h === "missing" || h === "expired")) return 1;
  return health.includes("expiring") ? 2 : 0;
}

function emptyStore() {
  return { profiles: [], order: {}, lastGood: {}, usageStats: {} };
}
