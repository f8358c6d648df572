import rule from "../../../rules/env/daemon-not-inherited.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable, store } from "../table.js";
import {
  launchd,
  noDaemon,
  plist,
  RELOAD_SYSTEMD,
  RESTART_LAUNCHD,
  RESTART_SYSTEMD,
  systemd,
  UNIT,
  PLIST,
} from "./daemon-state.js";

const SHELL_KEY = "sk-ant-api03-SHELLSHELLSHELLSHELL01";
const OTHER_KEY = "sk-ant-api03-OTHEROTHEROTHEROTHER2";
const UNIT_TEXT = "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n";
const SHELL = { env: { ANTHROPIC_API_KEY: SHELL_KEY } };
const VIA_UNIT = "the gateway daemon (systemd unit ~/.config/systemd/user/clawdia-gateway.service)";
const NOT_FOUND = "it is not in the unit's environment, ~/.clawdia/.env or config env.vars";
const NO_PROFILE = '(agent main has no stored anthropic profile: "No credentials found")';
const FIX = {
  title: `write ANTHROPIC_API_KEY from this shell to ~/.clawdia/.env; then restart the daemon: ${RESTART_SYSTEMD}`,
  ops: [{ kind: "dotenv-set" as const, file: TEST_PATHS.dotenvPath, key: "ANTHROPIC_API_KEY", value: SHELL_KEY }],
};
const ADVICE = ["clawdia doctor --fix (writes ANTHROPIC_API_KEY to ~/.clawdia/.env, mode 0600)", RESTART_SYSTEMD];

ruleTable(rule, {
  valid: [
    { name: "no daemon installed: nothing is guessed", state: SHELL, raw: noDaemon() },
    { name: "the daemon was not read (library snapshot)", state: SHELL },
    { name: "the shell has no key", state: {}, raw: systemd(UNIT_TEXT) },
    {
      name: "the key is in <state>/.env",
      state: { ...SHELL, dotenv: `ANTHROPIC_API_KEY=${SHELL_KEY}\n` },
      raw: systemd(UNIT_TEXT),
    },
    {
      name: "the key is in config env.vars",
      state: { ...SHELL, config: { env: { vars: { ANTHROPIC_API_KEY: SHELL_KEY } } } },
      raw: systemd(UNIT_TEXT),
    },
    {
      name: "the key is in the unit's Environment= (another rule says it should not be)",
      state: SHELL,
      raw: systemd(`[Service]\nEnvironment=ANTHROPIC_API_KEY=${SHELL_KEY}\n`),
    },
    {
      name: "the key is in a drop-in",
      state: SHELL,
      raw: systemd(UNIT_TEXT, { dropIns: [`[Service]\nEnvironment="ANTHROPIC_API_KEY=${SHELL_KEY}"\n`] }),
    },
    {
      name: "the key is in an EnvironmentFile=",
      state: SHELL,
      raw: systemd("[Service]\nEnvironmentFile=/etc/clawdia/keys.env\n", {
        envFiles: { "/etc/clawdia/keys.env": `ANTHROPIC_API_KEY=${SHELL_KEY}\n` },
      }),
    },
    {
      name: "PassEnvironment=: systemd's own environment, unknown to doctor",
      state: SHELL,
      raw: systemd("[Service]\nPassEnvironment=ANTHROPIC_API_KEY\n"),
    },
    {
      name: "a different value is drift, not this rule",
      state: { ...SHELL, dotenv: `ANTHROPIC_API_KEY=${OTHER_KEY}\n` },
      raw: systemd(UNIT_TEXT),
    },
    {
      name: "the login shell gives it (env.shellEnv on)",
      state: { ...SHELL, config: { env: { shellEnv: { enabled: true } } } },
      raw: systemd(UNIT_TEXT, {
        shellEnv: {
          status: "ok",
          shell: "/bin/zsh",
          timeoutMs: 15000,
          durationMs: 40,
          vars: { ANTHROPIC_API_KEY: SHELL_KEY },
        },
      }),
    },
    {
      name: "launchd: the key is in EnvironmentVariables",
      state: SHELL,
      raw: launchd(plist({ ANTHROPIC_API_KEY: SHELL_KEY })),
    },
    {
      name: "an unreadable unit: nothing is known, so nothing is claimed",
      state: SHELL,
      raw: (raw) => {
        systemd(UNIT_TEXT)(raw);
        raw.daemon!.file = { path: UNIT, status: "unreadable", error: "permission denied (EACCES)" };
      },
    },
    {
      name: "a provider not in use",
      state: { env: { OPENAI_API_KEY: "sk-proj-OPENAIOPENAIOPENAIOPENAI" } },
      raw: systemd(UNIT_TEXT),
    },
  ],
  invalid: [
    {
      name: "only in this shell (systemd): unsafe fix writes it to <state>/.env",
      state: SHELL,
      raw: systemd(UNIT_TEXT),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: ${NOT_FOUND}, and env.shellEnv is off ${NO_PROFILE}`,
          subject: { provider: "anthropic", file: UNIT },
          advice: ADVICE,
          fix: FIX,
        },
      ],
    },
    {
      // dotenv cannot read a carriage return back unless in double quotes, and this value has those too.
      name: "a value .env cannot hold: no fix, the advice says where it can go",
      state: { env: { ANTHROPIC_API_KEY: `sk-ant-api03-'"\`\r` } },
      raw: systemd(UNIT_TEXT),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: ${NOT_FOUND}, and env.shellEnv is off ${NO_PROFILE}`,
          subject: { provider: "anthropic", file: UNIT },
          advice: [
            "add ANTHROPIC_API_KEY to the daemon's unit yourself: its value has characters ~/.clawdia/.env cannot hold",
            RESTART_SYSTEMD,
          ],
        },
      ],
    },
    {
      name: "an optional EnvironmentFile= that is missing does not help",
      state: SHELL,
      raw: systemd("[Service]\nEnvironmentFile=-%h/.config/clawdia/gateway.env\n"),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: ${NOT_FOUND}, and env.shellEnv is off ${NO_PROFILE}`,
          subject: { provider: "anthropic", file: UNIT },
          advice: ADVICE,
          fix: FIX,
        },
      ],
    },
    {
      name: "UnsetEnvironment= removes the unit's value",
      state: SHELL,
      raw: systemd(`[Service]\nEnvironment=ANTHROPIC_API_KEY=${SHELL_KEY}\nUnsetEnvironment=ANTHROPIC_API_KEY\n`),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: ${NOT_FOUND}, and env.shellEnv is off ${NO_PROFILE}`,
          subject: { provider: "anthropic", file: UNIT },
          advice: ADVICE,
          fix: FIX,
        },
      ],
    },
    {
      name: "a warning when every agent has a stored profile anyway",
      state: {
        ...SHELL,
        stores: { main: store({ "anthropic:default": { type: "api_key", provider: "anthropic", key: OTHER_KEY } }) },
      },
      raw: systemd(UNIT_TEXT),
      findings: [
        {
          severity: "warning",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: ${NOT_FOUND}, and env.shellEnv is off (it still has stored anthropic profiles)`,
          subject: { provider: "anthropic", file: UNIT },
          advice: ADVICE,
          fix: FIX,
        },
      ],
    },
    {
      name: "env.shellEnv on, but the login shell timed out",
      state: { ...SHELL, config: { env: { shellEnv: { enabled: true, timeoutMs: 200 } } } },
      raw: systemd(UNIT_TEXT, { shellEnv: { status: "timeout", shell: "/bin/zsh", timeoutMs: 200, durationMs: 201 } }),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: it is not in the unit's environment, ~/.clawdia/.env or config env.vars, and the login shell did not answer (see env/shell-env-slow) ${NO_PROFILE}`,
          subject: { provider: "anthropic", file: UNIT },
          advice: ADVICE,
          fix: FIX,
        },
      ],
    },
    {
      name: "the unit sets it empty: writing .env would not help, so no fix",
      state: SHELL,
      raw: systemd("[Service]\nEnvironment=ANTHROPIC_API_KEY=\n"),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: Environment= in ~/.config/systemd/user/clawdia-gateway.service:2 sets it to an empty value ${NO_PROFILE}`,
          subject: { provider: "anthropic", file: UNIT },
          advice: [
            "remove the empty ANTHROPIC_API_KEY from Environment= in ~/.config/systemd/user/clawdia-gateway.service:2",
            RELOAD_SYSTEMD,
          ],
        },
      ],
    },
    {
      name: "the daemon uses another state directory: no fix here",
      state: SHELL,
      raw: systemd("[Service]\nEnvironment=CLAWDIA_STATE_DIR=/srv/clawdia\n"),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but ${VIA_UNIT} will not see it: ${NOT_FOUND}, and env.shellEnv is off ${NO_PROFILE}; the daemon uses the state directory /srv/clawdia, not this one`,
          subject: { provider: "anthropic", file: UNIT },
          advice: ["add ANTHROPIC_API_KEY=… to /srv/clawdia/.env", RESTART_SYSTEMD],
        },
      ],
    },
    {
      name: "launchd: the restart command is launchctl kickstart",
      state: SHELL,
      raw: launchd(plist({ PATH: "/usr/bin:/bin" })),
      findings: [
        {
          severity: "error",
          message: `ANTHROPIC_API_KEY is set in this shell, but the gateway daemon (launchd agent ~/Library/LaunchAgents/ai.clawdia.gateway.plist) will not see it: it is not in the plist's EnvironmentVariables, ~/.clawdia/.env or config env.vars, and env.shellEnv is off ${NO_PROFILE}`,
          subject: { provider: "anthropic", file: PLIST },
          advice: ["clawdia doctor --fix (writes ANTHROPIC_API_KEY to ~/.clawdia/.env, mode 0600)", RESTART_LAUNCHD],
          fix: {
            ...FIX,
            title: `write ANTHROPIC_API_KEY from this shell to ~/.clawdia/.env; then restart the daemon: ${RESTART_LAUNCHD}`,
          },
        },
      ],
    },
  ],
});
