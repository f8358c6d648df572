// A state described as data, and the in-memory RawState it stands for: what a rule's executable
// examples (rules/*: `examples: { bad, good }`) and the rule table tests are written in. No disk: the
// files are given as text and parsed exactly as a real load parses them.
import type { ShellEnvOutcome } from "./daemon/login-shell.js";
import type { SpecifierContext } from "./daemon/systemd-syntax.js";
import { parseServiceEnvironment } from "./daemon/systemd-unit.js";
import { VERSION_SPANS, type SystemdVersion } from "./daemon/systemd-version.js";
import { agentStorePath, resolvePaths } from "./paths.js";
import { claudeCodeFromEnv } from "./snapshot/claude-code.js";
import { parseJsonc } from "./snapshot/jsonc.js";
import { noLegacy } from "./snapshot/legacy.js";
import type { RawFile } from "./snapshot/raw-file.js";
import type { RawState } from "./snapshot/read-state.js";
import { viewConfig } from "./snapshot/views.js";

import { EXAMPLE_NOW, type Rule } from "./rule.js";
import { buildSnapshot } from "./snapshot/snapshot.js";
import type { RuleFinding } from "./types.js";

export { EXAMPLE_NOW };

/** The example user's paths: home /home/u, state dir ~/.clawdia. */
export const EXAMPLE_PATHS = resolvePaths({ stateDir: "/home/u/.clawdia", env: { HOME: "/home/u" } });

export interface ExampleState {
  /** The config: an object is written as pretty JSON; a string is taken as the file's text. */
  config?: unknown;
  /** Agent auth stores by agent id (object or text, as config). */
  stores?: Record<string, unknown>;
  /** The text of <state>/.env. */
  dotenv?: string;
  /** This process's environment (the shell doctor runs in). */
  env?: Record<string, string>;
  /** Claude Code's ~/.claude/.credentials.json (object or text). */
  claudeCode?: unknown;
  /** Permission bits by file role: "config", "dotenv", "stateDir", or "store:<agentId>". */
  modes?: Record<string, number>;
  /** Files that are symbolic links, by role as in `modes`: the link's target. */
  symlinks?: Record<string, string>;
  /** The state directory is missing, or a file; a 0700 directory when not said. */
  stateDir?: "missing" | "file";
  /** The gateway daemon doctor finds: a systemd user unit, or none installed. */
  daemon?: ExampleDaemon;
  platform?: NodeJS.Platform;
}

export interface ExampleDaemon {
  /** The text of ~/.config/systemd/user/clawdia-gateway.service; absent: no daemon installed. */
  systemd?: string;
  /** The texts of its drop-ins, in order. */
  dropIns?: string[];
  /** The environment files it names, by path; <state>/.env is the state's own. */
  envFiles?: Record<string, string>;
  /** What `systemctl --version` told (absent: not asked, as a library's raw state). */
  systemdVersion?: SystemdVersion;
  /** What running the login shell gave (env.shellEnv). */
  shellEnv?: ShellEnvOutcome;
}

export const EXAMPLE_UID = 501;
export const EXAMPLE_SPECIFIERS: SpecifierContext = {
  home: EXAMPLE_PATHS.home,
  user: "u",
  uid: EXAMPLE_UID,
  unitName: "clawdia-gateway.service",
  xdg: {},
  hostname: "box",
  shell: "/bin/zsh",
};

function asText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n";
}

function stateFile(path: string, value: unknown, mode = 0o600, symlinkTarget?: string): RawFile {
  const text = asText(value);
  if (text === undefined) return { path, status: "missing" };
  return {
    path,
    status: "ok",
    text,
    mode,
    size: text.length,
    mtimeMs: 0,
    ...(symlinkTarget !== undefined ? { symlinkTarget } : {}),
  };
}

export function exampleRawState(state: ExampleState = {}): RawState {
  const paths = EXAMPLE_PATHS;
  const modes = state.modes ?? {};
  const links = state.symlinks ?? {};
  const config = stateFile(paths.configPath, state.config, modes.config, links.config);
  const configured = config.text ? viewConfig(parseJsonc(config.text).value).agentIds : [];
  const stores = new Map<string, RawFile>();
  for (const id of configured) stores.set(id, stateFile(agentStorePath(paths, id), undefined));
  for (const [id, store] of Object.entries(state.stores ?? {})) {
    stores.set(id, stateFile(agentStorePath(paths, id), store, modes[`store:${id}`], links[`store:${id}`]));
  }
  const claudeText = asText(state.claudeCode);
  const raw: RawState = {
    paths,
    platform: state.platform ?? "linux",
    stateDir:
      state.stateDir === "missing"
        ? { exists: false, isDirectory: false }
        : {
            exists: true,
            isDirectory: state.stateDir !== "file",
            mode: modes.stateDir ?? (state.stateDir === "file" ? 0o644 : 0o700),
          },
    config,
    dotenv: stateFile(paths.dotenvPath, state.dotenv, modes.dotenv, links.dotenv),
    stores,
    agentDirs: Object.keys(state.stores ?? {}),
    claudeCode:
      claudeCodeFromEnv(state.env ?? {}) ??
      (claudeText === undefined
        ? { source: "none", location: paths.claudeCredentialsPath }
        : { source: "file", location: paths.claudeCredentialsPath, text: claudeText }),
    env: state.env ?? {},
    legacy: noLegacy(paths),
  };
  if (state.daemon) setDaemon(raw, state.daemon);
  return raw;
}

/** Puts this systemd daemon (or, without a unit, no daemon) on the raw state, as readDaemon would. */
export function setDaemon(raw: RawState, daemon: ExampleDaemon): void {
  const unitPath = raw.paths.systemdUnitPath;
  const file = (path: string, text: string | undefined, mode = 0o644) => stateFile(path, text, mode);
  const { shellEnv, systemdVersion: systemd } = daemon;
  if (daemon.systemd === undefined) {
    raw.daemon = {
      kind: "systemd",
      file: { path: unitPath, status: "missing" },
      dropIns: [],
      environmentFiles: {},
      specifiers: EXAMPLE_SPECIFIERS,
      shellEnv,
    };
    return;
  }
  const unit = daemon.systemd;
  const dropIns = (daemon.dropIns ?? []).map((text, i) =>
    file(`${unitPath}.d/${String(i).padStart(2, "0")}.conf`, text),
  );
  const environmentFiles: Record<string, RawFile[]> = {};
  // As readDaemon does: the files of every version when it is not known.
  const versions = systemd?.version !== undefined ? [systemd.version] : VERSION_SPANS.map((span) => span.version);
  for (const version of versions) {
    const texts = [{ path: unitPath, text: unit }, ...dropIns.map((d) => ({ path: d.path, text: d.text! }))];
    for (const { path } of parseServiceEnvironment(texts, { ...EXAMPLE_SPECIFIERS, version }).environmentFiles) {
      environmentFiles[path] =
        path === raw.paths.dotenvPath ? [raw.dotenv] : [file(path, daemon.envFiles?.[path], 0o600)];
    }
  }
  raw.daemon = {
    kind: "systemd",
    file: file(unitPath, unit),
    dropIns,
    environmentFiles,
    specifiers: EXAMPLE_SPECIFIERS,
    systemd,
    shellEnv,
  };
}

/** What a rule finds on an example state, at the examples' clock. */
export function checkExample(rule: Rule, example: ExampleState): RuleFinding[] {
  const snapshot = buildSnapshot(exampleRawState(example));
  return rule.check({ snapshot, config: snapshot.configView, paths: snapshot.raw.paths, now: EXAMPLE_NOW });
}
