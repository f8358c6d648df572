// The daemon's effective environment: DESIGN.md §1 precedence, with the source of each value.
import { describe, expect, it } from "vitest";
import { daemonEnvironment } from "../../src/daemon/effective-env.js";
import { buildSnapshot } from "../../src/snapshot/snapshot.js";
import { rawState, type TestState } from "../support/state.js";
import { launchd, plist, systemd, type SystemdOptions } from "../rules/env/daemon-state.js";

const OK_SHELL = (vars: Record<string, string>) => ({
  status: "ok" as const,
  shell: "/bin/zsh",
  timeoutMs: 15000,
  durationMs: 3,
  vars,
});

function effective(state: TestState, unit: string, options: SystemdOptions = {}) {
  const raw = rawState(state);
  systemd(unit, options)(raw);
  const env = daemonEnvironment(buildSnapshot(raw))!;
  return Object.fromEntries(
    [...env.effective].map(([key, v]) => [
      key,
      `${v.value ?? "?"} ← ${v.source.label}${v.fallback ? ` (else ${v.fallback.value} ← ${v.fallback.source.label})` : ""}`,
    ]),
  );
}

const K = "ANTHROPIC_API_KEY";
const SHELL_ON = { env: { shellEnv: { enabled: true } } };

describe("daemonEnvironment: precedence", () => {
  it.each([
    { name: "nothing anywhere", state: {}, unit: "[Service]\n", want: {} },
    {
      name: "<state>/.env",
      state: { dotenv: `${K}=dotenv\n` },
      unit: "[Service]\n",
      want: { [K]: "dotenv ← ~/.clawdia/.env" },
    },
    {
      name: "config env.vars",
      state: { config: { env: { vars: { [K]: "vars" } } } },
      unit: "[Service]\n",
      want: { [K]: "vars ← config env.vars" },
    },
    {
      name: "the unit beats .env",
      state: { dotenv: `${K}=dotenv\n` },
      unit: `[Service]\nEnvironment=${K}=unit\n`,
      want: { [K]: "unit ← Environment= in ~/.config/systemd/user/clawdia-gateway.service:2" },
    },
    {
      name: ".env beats env.vars",
      state: { dotenv: `${K}=dotenv\n`, config: { env: { vars: { [K]: "vars" } } } },
      unit: "[Service]\n",
      want: { [K]: "dotenv ← ~/.clawdia/.env" },
    },
    {
      name: "env.vars beats the login shell",
      state: { config: { ...SHELL_ON, env: { ...SHELL_ON.env, vars: { [K]: "vars" } } } },
      unit: "[Service]\n",
      options: { shellEnv: OK_SHELL({ [K]: "login" }) },
      want: { [K]: "vars ← config env.vars" },
    },
    {
      name: "the login shell, when enabled",
      state: { config: SHELL_ON },
      unit: "[Service]\n",
      options: { shellEnv: OK_SHELL({ [K]: "login" }) },
      want: { [K]: "login ← the login shell (env.shellEnv)" },
    },
    {
      name: "the login shell's answer is ignored when disabled",
      state: {},
      unit: "[Service]\n",
      options: { shellEnv: OK_SHELL({ [K]: "login" }) },
      want: {},
    },
    {
      name: "PassEnvironment=: unknown, with what the daemon gets otherwise",
      state: { dotenv: `${K}=dotenv\n` },
      unit: `[Service]\nPassEnvironment=${K}\n`,
      want: {
        [K]: "? ← PassEnvironment= in ~/.config/systemd/user/clawdia-gateway.service:2 (from the systemd user manager's environment) (else dotenv ← ~/.clawdia/.env)",
      },
    },
    {
      name: "an EnvironmentFile= that is <state>/.env is read with systemd's rules, and wins as process environment",
      state: { dotenv: `${K}="quoted" # comment\n` },
      unit: "[Service]\nEnvironmentFile=-%h/.clawdia/.env\n",
      want: { [K]: "quoted# comment ← EnvironmentFile= ~/.clawdia/.env:1" },
    },
    {
      name: "CLAWDIA_* from any source; other variables are not the daemon checks' business",
      state: { env: { CLAWDIA_DEBUG: "1", HOME: "/home/u" }, dotenv: "CLAWDIA_LOG_LEVEL=warn\nNODE_ENV=production\n" },
      unit: "[Service]\nEnvironment=CLAWDIA_PORT=1 PATH=/usr/bin\n",
      want: {
        CLAWDIA_LOG_LEVEL: "warn ← ~/.clawdia/.env",
        CLAWDIA_PORT: "1 ← Environment= in ~/.config/systemd/user/clawdia-gateway.service:2",
      },
    },
    {
      name: "provider keys of every provider in use",
      state: {
        config: { models: { aliases: { r: "openrouter/x" } } },
        dotenv: "OPENROUTER_API_KEY=or\nOPENAI_API_KEY=unused\n",
      },
      unit: "[Service]\n",
      want: { OPENROUTER_API_KEY: "or ← ~/.clawdia/.env" },
    },
  ])("$name", ({ state, unit, options, want }) => {
    expect(effective(state, unit, options)).toEqual(want);
  });
});

describe("daemonEnvironment: the daemon itself", () => {
  it("systemd: description, restart and reload commands, the state dir it uses", () => {
    const raw = rawState({});
    systemd("[Service]\nEnvironment=CLAWDIA_STATE_DIR=~/srv/state\n")(raw);
    const env = daemonEnvironment(buildSnapshot(raw))!;
    expect(env).toMatchObject({
      kind: "systemd",
      installed: true,
      description: "systemd unit ~/.config/systemd/user/clawdia-gateway.service",
      restartCommand: "systemctl --user restart clawdia-gateway",
      reloadCommand: "systemctl --user daemon-reload && systemctl --user restart clawdia-gateway",
      stateDir: "/home/u/srv/state",
    });
  });

  it("launchd: EnvironmentVariables, then `env K=V` in ProgramArguments on top", () => {
    const raw = rawState({ dotenv: "CLAWDIA_LOG_LEVEL=warn\n" });
    launchd(
      plist({ CLAWDIA_LOG_LEVEL: "info", CLAWDIA_PORT: "1" }, [
        "/usr/bin/env",
        "CLAWDIA_LOG_LEVEL=debug",
        "clawdia",
        "gateway",
      ]),
    )(raw);
    const env = daemonEnvironment(buildSnapshot(raw))!;
    expect(Object.fromEntries([...env.effective].map(([k, v]) => [k, [v.value, v.source.kind]]))).toEqual({
      CLAWDIA_LOG_LEVEL: ["debug", "command-line"],
      CLAWDIA_PORT: ["1", "plist"],
    });
    expect(env.restartCommand).toBe("launchctl kickstart -k gui/501/ai.clawdia.gateway");
  });

  it("is computed once per snapshot", () => {
    const raw = rawState({});
    systemd("[Service]\n")(raw);
    const snapshot = buildSnapshot(raw);
    expect(daemonEnvironment(snapshot)).toBe(daemonEnvironment(snapshot));
  });

  it("is undefined when the snapshot was built without reading the daemon", () => {
    expect(daemonEnvironment(buildSnapshot(rawState({})))).toBeUndefined();
  });
});

describe("daemonEnvironment: nothing is guessed", () => {
  it("an unreadable unit: known is false, the problem is reported", () => {
    const raw = rawState({});
    systemd("[Service]\n")(raw);
    raw.daemon!.file = { path: raw.daemon!.file.path, status: "unreadable", error: "permission denied (EACCES)" };
    const env = daemonEnvironment(buildSnapshot(raw))!;
    expect(env.known).toBe(false);
    expect(env.problems.map((p) => p.message)).toEqual([
      "~/.config/systemd/user/clawdia-gateway.service cannot be read: permission denied (EACCES)",
    ]);
  });
});
