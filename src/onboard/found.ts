// What the wizard says it found before asking anything: the state, the daemon, Claude Code's
// credentials, and each provider's credentials with their status. Fingerprints only.
import { agentIdsToCheck, credentialSources } from "../auth/credentials.js";
import { fingerprint } from "../auth/fingerprint.js";
import { KNOWN_PROVIDERS } from "../auth/known-providers.js";
import { describeExpiry } from "../auth/status.js";
import type { InstalledDaemon } from "../daemon/installed.js";
import { modelsStatus, type ProviderStatus } from "../models/status.js";
import { displayPath } from "../paths.js";
import type { Snapshot } from "../snapshot/snapshot.js";

export function describeFound(snapshot: Snapshot, now: number, daemon: InstalledDaemon | undefined): string[] {
  const { paths } = snapshot.raw;
  const shown = (file: string) => displayPath(file, paths.home);
  const lines: string[] = [];
  const config = snapshot.config.file;
  const stateLine = !snapshot.raw.stateDir.exists
    ? "does not exist yet"
    : config.status === "ok"
      ? `config ${shown(config.path)}`
      : config.status === "missing"
        ? "no config yet"
        : `config ${shown(config.path)} cannot be read (${config.error})`;
  lines.push(`State: ${shown(paths.stateDir)} (${stateLine})`);
  const agents = agentIdsToCheck(snapshot);
  lines.push(
    `Default agent: ${snapshot.configView.defaultAgentId}${agents.length > 1 ? ` (agents: ${agents.join(", ")})` : ""}`,
  );
  lines.push(
    daemon
      ? `Gateway daemon: ${daemon.kind === "systemd" ? "systemd unit" : "launchd agent"} ${shown(daemon.file)}: it reads ${shown(paths.dotenvPath)}, not your shell's variables`
      : "Gateway daemon: none installed (no systemd unit or launchd agent)",
  );
  const claude = snapshot.claudeCode;
  lines.push(
    claude.credential
      ? `Claude Code credentials: ${fingerprint(claude.credential.accessToken)}${claude.credential.expiresAt ? `, ${describeExpiry(claude.credential.expiresAt, now)}` : ""} (${claude.source === "keychain" ? claude.location : shown(claude.location)})`
      : `Claude Code credentials: none${claude.problem ? ` usable (${claude.problem})` : ""}`,
  );
  const status = modelsStatus(snapshot, now, snapshot.configView.defaultAgentId);
  const providers = status.agents[0]?.providers ?? [];
  lines.push("Providers:");
  for (const provider of providers) lines.push(...providerLines(provider));
  for (const provider of KNOWN_PROVIDERS.filter((name) => !providers.some((p) => p.provider === name))) {
    const sources = credentialSources(snapshot, provider, snapshot.configView.defaultAgentId);
    if (sources.length)
      lines.push(
        `  ${provider}: not in use; ${sources.map((s) => `${s.label} (${fingerprint(s.secret)})`).join(", ")}`,
      );
  }
  if (providers.length === 0) lines.push("  none in use yet");
  return lines;
}

function providerLines(provider: ProviderStatus): string[] {
  const inUse = provider.inUseBy.length ? `in use (${provider.inUseBy.join("; ")})` : "not in use";
  const credential = provider.effective ? `${provider.effective.label} (${provider.effective.fingerprint})` : "";
  const health =
    provider.health === "ok"
      ? `ok${credential ? `: ${credential}` : ""}`
      : `${provider.health}: ${provider.problem ?? ""}${credential ? `; ${credential}` : ""}`;
  return [`  ${provider.provider}: ${inUse}`, `    ${health}`];
}

/** One short status per provider, for the wizard's provider list. */
export function providerHints(snapshot: Snapshot, now: number): Map<string, string> {
  const status = modelsStatus(snapshot, now, snapshot.configView.defaultAgentId);
  const hints = new Map<string, string>();
  for (const provider of status.agents[0]?.providers ?? []) {
    const use = provider.inUseBy.length ? "in use" : "not in use";
    hints.set(provider.provider, `${use}, ${provider.health === "missing" ? "no credentials" : provider.health}`);
  }
  return hints;
}
