// Which systemd reads the gateway's unit: `systemctl --version`, run only when a unit is installed.
// A few of the rules doctor applies changed between versions (see SYSTEMD_CHANGES); Debian 12 and
// RHEL 9 ship 252, Ubuntu 22.04 ships 249. systemctl is the client, not the running user manager, but
// both come from one package: they differ only until the manager re-executes after an upgrade.
import { runTool } from "../run-tool.js";

export type SystemdVersion = { version: number } | { version?: undefined; unknown: string };

/** The versions at which a rule doctor applies changed, each with what changed (newest rules by default). */
const SYSTEMD_CHANGES: { since: number; what: string }[] = [
  {
    since: 254,
    what: "a comment line ending in \\ in an EnvironmentFile= no longer continues onto the next line; %S and %L name $XDG_STATE_HOME, not $XDG_CONFIG_HOME",
  },
  { since: 256, what: "the %D specifier" },
];

/** One version from each span of versions that read a unit alike, oldest first (undefined: the newest rules). */
export interface VersionSpan {
  first?: number;
  last?: number;
  version?: number;
}

export const VERSION_SPANS: VersionSpan[] = [
  ...SYSTEMD_CHANGES.map((change, i): VersionSpan => ({
    first: SYSTEMD_CHANGES[i - 1]?.since,
    last: change.since - 1,
    version: change.since - 1,
  })),
  { first: SYSTEMD_CHANGES[SYSTEMD_CHANGES.length - 1].since },
];

const TIMEOUT_MS = 3000;

/** "systemd 252 (252.38-1~deb12u1)" → 252; anything else (a wrapper's noise, an empty output) → undefined. */
export function parseSystemdVersion(output: string): number | undefined {
  const first = output.split("\n", 1)[0] ?? "";
  const match = /^systemd (\d{1,5})(?:\D|$)/.exec(first.trim());
  const version = match ? Number(match[1]) : NaN;
  return version >= 1 && version < 10_000 ? version : undefined;
}

const probed = new Map<string, SystemdVersion>();

/** Runs `systemctl --version` once per process and PATH, bounded; every failure is an unknown version, never an error. */
export function probeSystemdVersion(env: NodeJS.ProcessEnv): SystemdVersion {
  const key = env.PATH ?? "";
  let outcome = probed.get(key);
  if (!outcome) probed.set(key, (outcome = runSystemctlVersion(env)));
  return outcome;
}

function runSystemctlVersion(env: NodeJS.ProcessEnv): SystemdVersion {
  // A hung systemctl (a D-Bus timeout, a wrapper waiting on a terminal) gets SIGKILL: nothing of it is kept.
  const result = runTool("systemctl", ["--version"], {
    env,
    timeoutMs: TIMEOUT_MS,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024,
  });
  if (!result.ran) return { unknown: result.output };
  if (result.timedOut) return { unknown: `systemctl --version did not answer within ${TIMEOUT_MS / 1000} s` };
  if (result.status === undefined && !result.signal) return { unknown: `systemctl --version failed: ${result.output}` };
  if (!result.ok) return { unknown: `systemctl --version exited with ${result.signal ?? `status ${result.status}`}` };
  const version = parseSystemdVersion(result.stdout);
  return version === undefined ? { unknown: "systemctl --version printed no version doctor understands" } : { version };
}
