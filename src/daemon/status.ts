// For `clawdia models status`: per provider, whether the installed daemon sees a credential, and from where.
import { fingerprint } from "../auth/fingerprint.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import { daemonEnvironment } from "./effective-env.js";
import { describeVersionDependence } from "./version-dependent.js";

export interface DaemonSummary {
  kind?: "systemd" | "launchd";
  installed: boolean;
  /** The unit file or plist (the one expected, when none is installed). */
  file?: string;
  restartCommand?: string;
  /** The version `systemctl --version` gave, for a systemd unit (absent: unknown, or not asked). */
  systemdVersion?: number;
}

export interface DaemonSight {
  /** "unknown": systemd passes the variable from its own environment (PassEnvironment=), which doctor does not read. */
  sees: "yes" | "no" | "unknown";
  /** Where the daemon gets it: "store" (the same auth store), or a source of its environment. */
  source?: { kind: string; label: string };
  fingerprint?: string;
  /** The shell running this command has the key the daemon lacks (`clawdia doctor --fix` writes it to .env). */
  onlyInThisShell?: boolean;
  /** With systemd's version unknown, how the answer depends on it ("… is set on systemd ≥ 254 but not on older versions"). */
  dependsOnSystemdVersion?: string;
}

export function daemonSummary(snapshot: Snapshot): DaemonSummary | undefined {
  const daemon = snapshot.daemon;
  if (!daemon) return undefined;
  const paths = snapshot.raw.paths;
  const expected =
    daemon.kind === "launchd" ? paths.launchdPlistPath : daemon.kind === "systemd" ? paths.systemdUnitPath : undefined;
  const env = daemonEnvironment(snapshot);
  const version = daemon.installed ? daemon.systemd?.version : undefined;
  return {
    kind: daemon.kind,
    installed: daemon.installed,
    file: expected,
    restartCommand: daemon.installed ? env?.restartCommand : undefined,
    ...(version !== undefined && { systemdVersion: version }),
  };
}

/** `storeProfile`: the profile the gateway would use from the auth store, which the daemon reads too. */
export function daemonSight(
  snapshot: Snapshot,
  envKey: string,
  storeProfile: { id: string; fingerprint: string } | undefined,
): DaemonSight | undefined {
  const env = daemonEnvironment(snapshot);
  if (!env?.installed || !env.known) return undefined;
  if (storeProfile)
    return {
      sees: "yes",
      source: { kind: "store", label: `profile ${storeProfile.id}` },
      fingerprint: storeProfile.fingerprint,
    };
  const dependent = env.versionDependent.find((variable) => variable.key === envKey);
  return {
    ...environmentSight(snapshot, envKey),
    ...(dependent && { dependsOnSystemdVersion: describeVersionDependence(dependent) }),
  };
}

function environmentSight(snapshot: Snapshot, envKey: string): DaemonSight {
  const env = daemonEnvironment(snapshot)!;
  const seen = env.effective.get(envKey);
  if (seen?.value === undefined && seen) {
    return {
      sees: "unknown",
      source: { kind: seen.source.kind, label: seen.source.label },
      ...(seen.fallback && { fingerprint: fingerprint(seen.fallback.value) }),
    };
  }
  if (seen?.value)
    return {
      sees: "yes",
      source: { kind: seen.source.kind, label: seen.source.label },
      fingerprint: fingerprint(seen.value),
    };
  return {
    sees: "no",
    ...(seen && { source: { kind: seen.source.kind, label: seen.source.label } }),
    onlyInThisShell: !!snapshot.raw.env[envKey],
  };
}

/** "yes, from ~/.clawdia/.env  sk-ant-api03-…AbCd"; `dotenv` is how to show <state>/.env. */
export function describeSight(sight: DaemonSight, envKey: string, dotenv: string, restartCommand?: string): string {
  const said = describeSeen(sight, envKey, dotenv, restartCommand);
  return sight.dependsOnSystemdVersion
    ? `${said} (as the newest systemd reads the unit; ${sight.dependsOnSystemdVersion}, and systemd's version could not be learned: clawdia doctor)`
    : said;
}

function describeSeen(sight: DaemonSight, envKey: string, dotenv: string, restartCommand?: string): string {
  if (sight.sees === "yes") return `yes, from ${sight.source!.label}  ${sight.fingerprint}`;
  if (sight.sees === "unknown")
    return `unknown: ${envKey} comes from ${sight.source!.label}; check \`systemctl --user show-environment\``;
  if (sight.source) return `no: ${sight.source.label} sets ${envKey} to an empty value`;
  if (sight.onlyInThisShell)
    return `no: ${envKey} is only in this shell; \`clawdia doctor --fix\` writes it to ${dotenv}${restartCommand ? `, then \`${restartCommand}\`` : ""}`;
  return "no credential";
}
