// The data of `clawdia models status`: per agent and provider, the effective credential and where it
// comes from, every profile with its status, and the candidates in order. Pure: built from a snapshot.
import type { CandidateResolution } from "../auth/candidates.js";
import {
  agentCandidates,
  agentIdsToCheck,
  credentialSources,
  gatewayCredential,
  type CredentialSource,
} from "../auth/credentials.js";
import { gatewayEnv, type GatewayEnv, type Viewpoint } from "../auth/gateway-env.js";
import { unreadableState, type StateProblem } from "../auth/state-readable.js";
import { fingerprint } from "../auth/fingerprint.js";
import { envKeyFor, providersInUse } from "../auth/providers.js";
import { clockTime, isCoolingDown } from "../auth/cooldown.js";
import { credentialStatus, formatDuration, type CredentialStatus } from "../auth/status.js";
import { daemonSight, daemonSummary, type DaemonSight, type DaemonSummary } from "../daemon/status.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import { verdictConfigProblems, type ConfigProblem } from "./config-problems.js";

export interface ProfileStatus {
  id: string;
  type: string;
  fingerprint?: string;
  status: CredentialStatus;
  expires?: number;
  refreshable: boolean;
  cooldownUntil?: number;
  /** When a cooldown still running ends, as an ISO time (absent when the profile is not resting). */
  comesBackAt?: string;
  errorCount?: number;
}

export interface EffectiveCredential {
  /** "store", or where the gateway's environment has the key from: "env", "dotenv", "config", "unit", … */
  kind: string;
  label: string;
  fingerprint: string;
  profileId?: string;
}

/**
 * ok; expiring or cooling-down, every candidate resting after errors (exit 2: it recovers by itself);
 * expired, missing, or broken: the state cannot be read (exit 1).
 */
export type ProviderHealth = "ok" | "expiring" | "cooling-down" | "expired" | "missing" | "broken";

export interface ProviderStatus {
  provider: string;
  inUseBy: string[];
  envKey: string;
  effective?: EffectiveCredential;
  health: ProviderHealth;
  /** In words: why the health is what it is. */
  problem?: string;
  /** With every candidate cooling down: when the first comes back, as an ISO time. */
  comesBackAt?: string;
  profiles: ProfileStatus[];
  resolution: CandidateResolution;
  /** Whether the installed gateway daemon sees a credential, and from where (absent: no daemon installed). */
  daemon?: DaemonSight;
  /** The files that could not be read, when the health is "broken". */
  unreadable?: StateProblem[];
  /** With the verdict taken from the daemon's view: this shell's view, when it differs. */
  shell?: { health: ProviderHealth; effective?: EffectiveCredential; problem?: string; comesBackAt?: string };
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
  /** Config values of the wrong type that the verdict reads: ignored, the defaults used (config/invalid). */
  configProblems: ConfigProblem[];
  agents: AgentStatus[];
  exitCode: 0 | 1 | 2;
  /** The gateway daemon installed for this user (systemd unit or launchd agent), if doctor read it. */
  daemon?: DaemonSummary;
  /** Whose environment the verdict (health, exitCode) describes: the installed daemon's, or this shell's. */
  verdict: { viewpoint: Viewpoint; description: string };
  /** False when a file that decides a credential in use could not be read or parsed. */
  stateReadable: boolean;
}

export interface StatusOptions {
  /** Judge this process's environment even when a daemon is installed (a gateway started by hand). */
  shell?: boolean;
}

export function modelsStatus(
  snapshot: Snapshot,
  now: number,
  agentFilter?: string,
  options: StatusOptions = {},
): ModelsStatus {
  const config = snapshot.configView;
  const inUse = providersInUse(config);
  const agentIds = agentFilter ? [agentFilter] : agentIdsToCheck(snapshot);
  const env = gatewayEnv(snapshot, options);
  const shell = env.viewpoint === "daemon" ? gatewayEnv(snapshot, { shell: true }) : undefined;
  const agents = agentIds.map((agentId) => ({
    agentId,
    isDefault: agentId === config.defaultAgentId,
    providers: [...allProviders(snapshot, agentId, inUse)].map((provider) =>
      providerStatus(snapshot, agentId, provider, inUse.get(provider) ?? [], now, env, shell),
    ),
  }));
  return {
    stateDir: snapshot.raw.paths.stateDir,
    configPath: snapshot.raw.paths.configPath,
    defaultModel: config.defaultModel,
    defaultAgentId: config.defaultAgentId,
    expiryWarnHours: config.expiryWarnHours,
    configProblems: verdictConfigProblems(snapshot),
    agents,
    exitCode: checkExitCode(agents),
    daemon: daemonSummary(snapshot),
    verdict: { viewpoint: env.viewpoint, description: env.description },
    stateReadable: !agents.some((agent) => agent.providers.some((provider) => provider.health === "broken")),
  };
}

/** Providers in use, then any other provider the agent has profiles for (shown, never failing the check). */
function allProviders(snapshot: Snapshot, agentId: string, inUse: Map<string, string[]>): Set<string> {
  const stored = snapshot.agentById.get(agentId)?.view.profiles.map((profile) => profile.provider) ?? [];
  return new Set([...inUse.keys(), ...stored]);
}

function providerStatus(
  snapshot: Snapshot,
  agentId: string,
  provider: string,
  inUseBy: string[],
  now: number,
  env: GatewayEnv,
  shellEnv?: GatewayEnv,
): ProviderStatus {
  const view = snapshot.agentById.get(agentId)?.view;
  const warnHours = snapshot.configView.expiryWarnHours;
  const resolution = agentCandidates(snapshot, provider, agentId, now);
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
      ...(isCoolingDown(view?.usageStats[profile.id], now) && {
        comesBackAt: new Date(view!.usageStats[profile.id].cooldownUntil!).toISOString(),
      }),
      errorCount: view?.usageStats[profile.id]?.errorCount,
    }));
  const inUse = inUseBy.length > 0;
  const unreadable = inUse ? unreadableState(snapshot, agentId, provider) : [];
  const judge = (gateway: GatewayEnv) => {
    const effective = effectiveCredential(snapshot, agentId, provider, resolution, gateway, now);
    const verdict = providerHealth(resolution, profiles, effective, inUse, unreadable, now);
    // Only a missing credential needs the sources again, to say which values were rejected.
    return {
      effective,
      ...(verdict.health === "missing"
        ? explainRejected(verdict, credentialSources(snapshot, provider, agentId, gateway))
        : verdict),
    };
  };
  const { effective, health, problem, comesBackAt } = judge(env);
  const fromStore =
    effective?.kind === "store" ? { id: effective.profileId!, fingerprint: effective.fingerprint } : undefined;
  const daemon = daemonSight(snapshot, envKeyFor(provider), fromStore);
  const shellView = shellEnv && judge(shellEnv);
  const shell =
    shellView && (shellView.health !== health || shellView.effective?.fingerprint !== effective?.fingerprint)
      ? shellView
      : undefined;
  return {
    provider,
    inUseBy,
    envKey: envKeyFor(provider),
    effective,
    health,
    problem,
    ...(comesBackAt && { comesBackAt }),
    profiles,
    resolution,
    ...(daemon && { daemon }),
    ...(unreadable.length && { unreadable }),
    ...(shell && { shell }),
  };
}

/** The gateway tries the auth profiles first, then the provider's key variable. */
function effectiveCredential(
  snapshot: Snapshot,
  agentId: string,
  provider: string,
  resolution: CandidateResolution,
  env: GatewayEnv,
  now: number,
): EffectiveCredential | undefined {
  const source = gatewayCredential(snapshot, provider, agentId, now, env, resolution);
  return (
    source && {
      kind: source.kind,
      label: source.label,
      fingerprint: fingerprint(source.secret),
      ...(source.profile && { profileId: source.profile.id }),
    }
  );
}

/**
 * The automation contract (`--check`): a provider in use with no usable credential is missing (1);
 * a profile in its order that has expired is expired (1); one expiring within the window is
 * expiring (2); every candidate cooling down after errors is cooling-down (2: it recovers by itself).
 * API keys never expire; an OAuth profile with a refresh token is never expired.
 */
function providerHealth(
  resolution: CandidateResolution,
  profiles: ProfileStatus[],
  effective: EffectiveCredential | undefined,
  inUse: boolean,
  unreadable: StateProblem[],
  now: number,
): { health: ProviderHealth; problem?: string; comesBackAt?: string } {
  if (!inUse) return { health: "ok" };
  // What cannot be read cannot be vouched for, whatever else is found (`clawdia doctor` says more).
  if (unreadable.length)
    return { health: "broken", problem: `the state cannot be read: ${unreadable.map((p) => p.message).join("; ")}` };
  const inOrder = profiles.filter((profile) => resolution.order.includes(profile.id));
  const expired = inOrder.filter((profile) => profile.status === "expired");
  const invalid = inOrder.filter((profile) => profile.status === "invalid");
  if (!effective) {
    if (expired.length)
      return {
        health: "expired",
        problem: `${expired.map((p) => p.id).join(", ")} expired and nothing else is usable`,
      };
    // A profile is there, but not one the gateway can use: "No credentials found" would send the user looking for it.
    if (invalid.length)
      return {
        health: "missing",
        problem: `No usable credentials: ${invalid.map((p) => p.id).join(", ")} cannot be used (store/invalid) and nothing else is usable`,
      };
    return { health: "missing", problem: "No credentials found" };
  }
  if (expired.length) return { health: "expired", problem: `${expired.map((p) => p.id).join(", ")} expired` };
  // Cooldowns sort last: the next candidate resting means every candidate is (auth/provider-cooling-down).
  const resting = resolution.candidates.find((candidate) => candidate.profileId === effective.profileId)?.cooldownUntil;
  if (resting !== undefined) {
    const ids = resolution.candidates.map((candidate) => candidate.profileId).join(", ");
    return {
      health: "cooling-down",
      problem: `every candidate is cooling down after errors (${ids}): ${effective.profileId} comes back first, at ${clockTime(resting, now)} (in ${formatDuration(resting - now)})`,
      comesBackAt: new Date(resting).toISOString(),
    };
  }
  const expiring = inOrder.filter((profile) => profile.status === "expiring");
  if (expiring.length) return { health: "expiring", problem: `${expiring.map((p) => p.id).join(", ")} expiring` };
  return { health: "ok" };
}

/** "No credentials found" is wrong when key variables are set but none is a key: say what each is instead. */
function explainRejected(
  verdict: { health: ProviderHealth; problem?: string },
  sources: CredentialSource[],
): { health: ProviderHealth; problem?: string; comesBackAt?: string } {
  const rejected = sources
    .filter((source) => source.kind !== "store" && source.rejection)
    .map((source) => source.rejection);
  return rejected.length ? { ...verdict, problem: `No usable credentials: ${rejected.join("; ")}` } : verdict;
}

function checkExitCode(agents: AgentStatus[]): 0 | 1 | 2 {
  const health = agents.flatMap((agent) => agent.providers.map((provider) => provider.health));
  if (health.some((h) => h === "missing" || h === "expired" || h === "broken")) return 1;
  return health.includes("expiring") || health.includes("cooling-down") ? 2 : 0;
}
