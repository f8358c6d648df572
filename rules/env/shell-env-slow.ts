import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";

export default defineRule({
  id: "env/shell-env-slow",
  title: "env.shellEnv is on, but the login shell fails or is too slow",
  severity: "warning",
  fix: "manual",
  docs: `With env.shellEnv.enabled, the gateway runs your login shell at start-up (\`$SHELL -l -c env\`) to import
keys it is missing, and gives up after env.shellEnv.timeoutMs (15000 by default). A shell whose start-up
files fail, prompt, or take longer than that leaves the gateway without those keys, and slows every
start. Doctor runs the shell the same way, with the same bound, only when the option is on.

Bad:  env.shellEnv.enabled true; ~/.zprofile runs a 20 s update check.
Good: the keys in ~/.clawdia/.env and env.shellEnv.enabled false (or a shell that starts in well under timeoutMs).`,
  examples: {
    bad: [
      {
        caption: "env.shellEnv on, and the login shell takes longer than timeoutMs",
        config: { env: { shellEnv: { enabled: true, timeoutMs: 15000 } } },
        daemon: {
          systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n",
          shellEnv: { status: "timeout", shell: "/bin/zsh", timeoutMs: 15000, durationMs: 15004 },
        },
      },
    ],
    good: [
      {
        caption: "env.shellEnv off: the keys are in ~/.clawdia/.env",
        config: { env: { shellEnv: { enabled: false } } },
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
        daemon: { systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
    ],
  },
  check({ snapshot, paths }) {
    const outcome = snapshot.daemon?.shellEnv;
    if (!snapshot.configView.shellEnvEnabled || !outcome || outcome.status === "ok") return [];
    const what =
      outcome.status === "timeout"
        ? `did not finish within ${outcome.timeoutMs} ms (env.shellEnv.timeoutMs)`
        : `failed (${outcome.reason})`;
    return [
      {
        message: `env.shellEnv is on, but the login shell (${outcome.shell} -l) ${what}: the gateway starts without the keys it would import from it`,
        subject: { file: paths.configPath, path: ["env", "shellEnv"] },
        advice: [
          `time ${outcome.shell} -l -c true`,
          `put the keys in ${displayPath(paths.dotenvPath, paths.home)} and set env.shellEnv.enabled to false`,
        ],
      },
    ];
  },
});
