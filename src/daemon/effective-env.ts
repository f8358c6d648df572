// What the gateway daemon will see: for each variable that matters (the key variable of every
// provider in use, and CLAWDIA_*), its value and where it comes from, with DESIGN.md §1 precedence:
// the daemon's own process environment (unit/plist), then <state>/.env, then config env.vars, then
// (only with env.shellEnv.enabled) the login shell. Pure: computed from the snapshot.
import path from "node:path";
import { envKeyFor, providersInUse } from "../auth/providers.js";
import { displayPath } from "../paths.js";
import { isSecretName, looksLikeSecret } from "../secrets.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import { reloadCommand, restartCommand } from "./installed.js";
import {
  envCommandAssignments,
  MIN_REPORTED_LENGTH,
  secretArguments,
  secretVariables,
  type InlineSecret,
} from "./inline-secrets.js";
import { mattersForDaemon, type ShellEnvOutcome } from "./login-shell.js";
import type { DaemonKind } from "./read-daemon.js";
import { serviceProcessEnvironment } from "./systemd-unit.js";
import type { SystemdVersion } from "./systemd-version.js";
import { versionDependentVariables, type VersionDependentVariable } from "./version-dependent.js";
import type { DaemonState } from "./view.js";

export type DaemonSourceKind =
  "unit" | "environment-file" | "pass-environment" | "plist" | "command-line" | "dotenv" | "config" | "login-shell";

export interface DaemonSource {
  kind: DaemonSourceKind;
  /** In words, for people: "~/.clawdia/.env", "Environment= in ~/.config/systemd/user/clawdia-gateway.service:9". */
  label: string;
  file?: string;
  line?: number;
}

export interface DaemonVariable {
  key: string;
  /** Undefined when the value is not known to doctor (PassEnvironment= passes systemd's own environment). */
  value?: string;
  source: DaemonSource;
  /** For an unknown value: where the daemon gets it if systemd has none. */
  fallback?: { value: string; source: DaemonSource };
}

export interface DaemonProblem {
  severity: "error" | "warning";
  message: string;
  file: string;
  line?: number;
}

export interface DaemonEnvironment {
  kind?: DaemonKind;
  installed: boolean;
  /** The unit file or plist. */
  file: string;
  /** "systemd unit ~/.config/systemd/user/clawdia-gateway.service" */
  description: string;
  /** Restarts the daemon so it reads its environment again. */
  restartCommand?: string;
  /** Reloads the daemon's definition after the unit or plist was edited, then restarts it. */
  reloadCommand?: string;
  /**
   * False when the unit or plist cannot be read, or the plist's parser was not loaded (a library caller
   * that imported neither the rules nor the models status renderer): nothing is known of the daemon's
   * own environment then, and the checks say nothing rather than guess.
   */
  known: boolean;
  /** The daemon's process environment as its unit or plist defines it, every variable. */
  process: Map<string, DaemonVariable>;
  /** The variables that matter, each with what the daemon will see (absent: nothing). */
  keys: string[];
  effective: Map<string, DaemonVariable>;
  shellEnv: { enabled: boolean; outcome?: ShellEnvOutcome };
  inlineSecrets: InlineSecret[];
  problems: DaemonProblem[];
  /** systemd's version, when a unit was read (unknown: `unknown` says why). */
  systemd?: SystemdVersion;
  /** With the version unknown: the variables that matter whose value depends on it. */
  versionDependent: VersionDependentVariable[];
  /** The state directory the daemon uses (CLAWDIA_STATE_DIR in its environment, else ~/.clawdia). */
  stateDir: string;
}

const computed = new WeakMap<Snapshot, DaemonEnvironment | undefined>();

/** The daemon's environment, or undefined when the snapshot was built without reading the daemon. */
export function daemonEnvironment(snapshot: Snapshot): DaemonEnvironment | undefined {
  if (!computed.has(snapshot)) computed.set(snapshot, snapshot.daemon && compute(snapshot, snapshot.daemon));
  return computed.get(snapshot);
}

function compute(snapshot: Snapshot, daemon: DaemonState): DaemonEnvironment {
  const paths = snapshot.raw.paths;
  const show = (file: string) => displayPath(file, paths.home);
  const kindWords = daemon.kind === "launchd" ? "launchd agent" : "systemd unit";
  const problems: DaemonProblem[] = [];
  const inlineSecrets: InlineSecret[] = [];
  const tests = { isSecretName, looksLikeSecret };
  let processEnv = new Map<string, DaemonVariable>();

  if (daemon.installed && daemon.file.text === undefined) {
    problems.push({
      severity: "error",
      message: `${show(daemon.file.path)} cannot be read: ${daemon.file.error ?? "unknown error"}`,
      file: daemon.file.path,
    });
  } else if (daemon.kind === "systemd" && daemon.service) {
    processEnv = systemdProcess(daemon, show, problems);
    inlineSecrets.push(...secretVariables(daemon.service.written, "Environment=", tests, MIN_REPORTED_LENGTH));
    for (const exec of daemon.service.execStart)
      inlineSecrets.push(...secretArguments(exec.argv, exec, "ExecStart=", tests, MIN_REPORTED_LENGTH));
  } else if (daemon.kind === "launchd" && daemon.installed && daemon.launchd) {
    const agent = daemon.launchd;
    const file = daemon.file.path;
    for (const problem of agent.problems)
      problems.push({ severity: "error", message: `${show(file)}: ${problem.message}`, file, line: problem.line });
    for (const variable of agent.environment.values()) {
      processEnv.set(variable.key, {
        key: variable.key,
        value: variable.value,
        source: { kind: "plist", label: `EnvironmentVariables in ${show(file)}`, file, line: variable.line },
      });
    }
    for (const { key, value } of envCommandAssignments(agent.programArguments)) {
      processEnv.set(key, {
        key,
        value,
        source: { kind: "command-line", label: `ProgramArguments (env ${key}=…) in ${show(file)}`, file },
      });
    }
    inlineSecrets.push(
      ...secretVariables(
        [...agent.environment.values()].map((v) => ({ ...v, file })),
        "EnvironmentVariables",
        tests,
        MIN_REPORTED_LENGTH,
      ),
    );
    inlineSecrets.push(
      ...secretArguments(agent.programArguments, { file }, "ProgramArguments", tests, MIN_REPORTED_LENGTH),
    );
  }

  const shellEnv = { enabled: snapshot.configView.shellEnvEnabled, outcome: daemon.shellEnv };
  const keys = keysThatMatter(snapshot, processEnv, daemon.shellEnv);
  const effective = new Map<string, DaemonVariable>();
  for (const key of keys) {
    const found = resolve(snapshot, key, processEnv.get(key), shellEnv);
    if (found) effective.set(key, found);
  }
  const stateDirValue = processEnv.get("CLAWDIA_STATE_DIR")?.value;
  return {
    kind: daemon.kind,
    installed: daemon.installed,
    // An unreadable unit or plist (reported by env/service-file-invalid).
    known:
      !daemon.installed ||
      (daemon.file.text !== undefined && (daemon.kind !== "launchd" || daemon.launchd !== undefined)),
    file: daemon.file.path,
    description: `${kindWords} ${show(daemon.file.path)}`,
    restartCommand: daemon.kind && restartCommand(daemon.kind, daemon.uid),
    reloadCommand: daemon.kind && reloadCommand(daemon.kind, daemon.uid, show(daemon.file.path)),
    process: processEnv,
    keys,
    effective,
    shellEnv,
    inlineSecrets,
    problems,
    systemd: daemon.systemd,
    versionDependent: daemon.kind === "systemd" && daemon.installed ? versionDependentVariables(daemon) : [],
    stateDir: stateDirValue
      ? path.resolve(paths.home, stateDirValue.replace(/^~(?=\/|$)/, paths.home))
      : path.join(paths.home, ".clawdia"),
  };
}

function systemdProcess(
  daemon: DaemonState,
  show: (file: string) => string,
  problems: DaemonProblem[],
): Map<string, DaemonVariable> {
  const service = daemon.service!;
  for (const problem of service.problems)
    problems.push({
      severity: problem.severity ?? "warning",
      file: problem.file,
      line: problem.line,
      message: `${show(problem.file)}:${problem.line}: ${problem.message}`,
    });
  for (const { setting, files } of daemon.environmentFiles) {
    if (files.length === 0 && !setting.optional) {
      problems.push({
        severity: "error",
        message: `EnvironmentFile=${show(setting.path)} does not exist, so systemd will refuse to start the gateway ("Failed to load environment files")`,
        file: setting.file,
        line: setting.line,
      });
    }
    for (const file of files) {
      if (file.text === undefined)
        problems.push({
          severity: "error",
          message: `EnvironmentFile=${show(file.path)} cannot be read (${file.error ?? "unknown error"}), so systemd will refuse to start the gateway`,
          file: setting.file,
          line: setting.line,
        });
    }
  }
  for (const loaded of daemon.loadedEnvironmentFiles) {
    for (const ignored of loaded.ignored)
      problems.push({
        severity: "warning",
        message: `${show(loaded.path)}:${ignored.line}: ${ignored.message} (as EnvironmentFile=)`,
        file: loaded.path,
        line: ignored.line,
      });
  }
  const env = serviceProcessEnvironment(service, daemon.loadedEnvironmentFiles);
  const processEnv = new Map<string, DaemonVariable>();
  for (const variable of env.values()) {
    const where = `${show(variable.file)}:${variable.line}`;
    const source: DaemonSource =
      variable.via === "Environment"
        ? { kind: "unit", label: `Environment= in ${where}`, file: variable.file, line: variable.line }
        : variable.via === "EnvironmentFile"
          ? { kind: "environment-file", label: `EnvironmentFile= ${where}`, file: variable.file, line: variable.line }
          : {
              kind: "pass-environment",
              label: `PassEnvironment= in ${where} (from the systemd user manager's environment)`,
              file: variable.file,
              line: variable.line,
            };
    processEnv.set(variable.key, { key: variable.key, value: variable.value, source });
  }
  for (const exec of service.execStart.slice(-1)) {
    for (const { key, value } of envCommandAssignments(exec.argv)) {
      processEnv.set(key, {
        key,
        value,
        source: {
          kind: "command-line",
          label: `ExecStart= (env ${key}=…) in ${show(exec.file)}:${exec.line}`,
          file: exec.file,
          line: exec.line,
        },
      });
    }
  }
  return processEnv;
}

/** Provider key variables of the providers in use, and every CLAWDIA_* variable any source mentions. */
function keysThatMatter(
  snapshot: Snapshot,
  process: Map<string, DaemonVariable>,
  shell: ShellEnvOutcome | undefined,
): string[] {
  const keys = new Set([...providersInUse(snapshot.configView).keys()].map(envKeyFor));
  const names = [
    ...process.keys(),
    ...Object.keys(snapshot.dotenv.parsed.vars),
    ...Object.keys(snapshot.configView.envVars),
    ...Object.keys(snapshot.raw.env),
    ...(shell?.status === "ok" ? Object.keys(shell.vars) : []),
  ];
  for (const name of names) if (name.startsWith("CLAWDIA_")) keys.add(name);
  return [...keys].sort();
}

function resolve(
  snapshot: Snapshot,
  key: string,
  fromProcess: DaemonVariable | undefined,
  shellEnv: DaemonEnvironment["shellEnv"],
): DaemonVariable | undefined {
  const paths = snapshot.raw.paths;
  const later: { value: string; source: DaemonSource }[] = [];
  const dotenvValue = snapshot.dotenv.parsed.vars[key];
  if (dotenvValue !== undefined) {
    const line = snapshot.dotenv.parsed.lines[key];
    later.push({
      value: dotenvValue,
      source: { kind: "dotenv", label: displayPath(paths.dotenvPath, paths.home), file: paths.dotenvPath, line },
    });
  }
  const configValue = snapshot.configView.envVars[key];
  if (configValue !== undefined)
    later.push({ value: configValue, source: { kind: "config", label: "config env.vars" } });
  const shell = shellEnv.enabled && shellEnv.outcome?.status === "ok" ? shellEnv.outcome.vars[key] : undefined;
  if (shell !== undefined && mattersForDaemon(key))
    later.push({ value: shell, source: { kind: "login-shell", label: "the login shell (env.shellEnv)" } });
  if (fromProcess)
    return fromProcess.value === undefined && later[0] ? { ...fromProcess, fallback: later[0] } : fromProcess;
  return later[0] && { key, ...later[0] };
}
