// auth/<agentId>.json: an agent's auth store as support needs it (ids, types, providers, expiry,
// fingerprints, cooldowns) and never a secret: each credential appears as its bundle placeholder,
// the same one that replaces it in the logs.
import { fingerprint } from "../../auth/fingerprint.js";
import { credentialStatus, isRefreshable } from "../../auth/status.js";
import type { AgentState, Snapshot } from "../../snapshot/snapshot.js";
import type { Redactor } from "../redact/redactor.js";

export interface AuthProfileReport {
  id: string;
  provider: string;
  type: string;
  /** ok, expiring, expired, missing or static (see `clawdia models status`). */
  status: string;
  configMode?: string;
  fingerprint?: string;
  /** The credential's placeholder in this bundle: find it in the logs to follow its use. */
  redactedAs?: string;
  hasRefreshToken: boolean;
  refreshable: boolean;
  expires?: string;
  usage?: { lastUsed?: string; errorCount?: number; cooldownUntil?: string; lastError?: string };
}

export interface AuthReport {
  agentId: string;
  isDefault: boolean;
  inConfig: boolean;
  store: {
    path: string;
    status: string;
    mode?: string;
    bytes?: number;
    problems: { line: number; column: number; message: string }[];
    error?: string;
  };
  profiles: AuthProfileReport[];
  order: Record<string, string[]>;
  lastGood: Record<string, string>;
}

export function authReport(snapshot: Snapshot, agent: AgentState, now: number, redactor: Redactor): AuthReport {
  const { file, problems } = agent.store;
  const view = agent.view;
  const warnHours = snapshot.configView.expiryWarnHours;
  const profiles = view.profiles.map((profile): AuthProfileReport => {
    const usage = view.usageStats[profile.id];
    const report: AuthProfileReport = {
      id: profile.id,
      provider: profile.provider,
      type: profile.type,
      status: credentialStatus(profile, now, warnHours),
      hasRefreshToken: !!profile.refresh,
      refreshable: isRefreshable(profile),
    };
    const mode = snapshot.configView.profiles[profile.id]?.mode;
    if (mode) report.configMode = mode;
    if (profile.secret) {
      report.fingerprint = fingerprint(profile.secret);
      report.redactedAs = redactor.redactValue(profile.secret, "known-secret");
    }
    if (profile.refresh) redactor.redactValue(profile.refresh, "known-secret");
    if (profile.expires !== undefined) report.expires = isoOrNumber(profile.expires);
    if (usage) {
      report.usage = {};
      if (usage.lastUsed) report.usage.lastUsed = isoOrNumber(usage.lastUsed);
      if (usage.errorCount !== undefined) report.usage.errorCount = usage.errorCount;
      if (usage.cooldownUntil) report.usage.cooldownUntil = isoOrNumber(usage.cooldownUntil);
      if (usage.lastError) report.usage.lastError = usage.lastError; // redacted with the whole file
    }
    return report;
  });
  return {
    agentId: agent.id,
    isDefault: agent.isDefault,
    inConfig: agent.inConfig,
    store: {
      path: file.path,
      status: file.status === "ok" && problems.length ? "unparseable" : file.status,
      ...(file.mode !== undefined ? { mode: file.mode.toString(8).padStart(4, "0") } : {}),
      ...(file.size !== undefined ? { bytes: file.size } : {}),
      problems: problems.map(({ line, column, message }) => ({ line, column, message })),
      ...(file.error ? { error: file.error } : {}),
    },
    profiles,
    order: view.order,
    lastGood: view.lastGood,
  };
}

function isoOrNumber(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
