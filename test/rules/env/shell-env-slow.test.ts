import rule from "../../../rules/env/shell-env-slow.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";
import { noDaemon, systemd } from "./daemon-state.js";

const ON = { config: { env: { shellEnv: { enabled: true, timeoutMs: 2000 } } } };
const ADVICE = ["time /bin/zsh -l -c true", "put the keys in ~/.clawdia/.env and set env.shellEnv.enabled to false"];
const SUBJECT = { file: TEST_PATHS.configPath, path: ["env", "shellEnv"] };

ruleTable(rule, {
  valid: [
    { name: "off: the shell is never run", state: {}, raw: noDaemon() },
    {
      name: "on, and it answered",
      state: ON,
      raw: noDaemon("systemd", { status: "ok", shell: "/bin/zsh", timeoutMs: 2000, durationMs: 80, vars: {} }),
    },
    {
      name: "off in config, whatever was recorded",
      state: {},
      raw: noDaemon("systemd", { status: "timeout", shell: "/bin/zsh", timeoutMs: 2000, durationMs: 2001 }),
    },
  ],
  invalid: [
    {
      name: "timed out (no daemon needed: the gateway runs the shell however it is started)",
      state: ON,
      raw: noDaemon("systemd", { status: "timeout", shell: "/bin/zsh", timeoutMs: 2000, durationMs: 2003 }),
      findings: [
        {
          message:
            "env.shellEnv is on, but the login shell (/bin/zsh -l) did not finish within 2000 ms (env.shellEnv.timeoutMs): the gateway starts without the keys it would import from it",
          subject: SUBJECT,
          advice: ADVICE,
        },
      ],
    },
    {
      name: "failed",
      state: ON,
      raw: systemd("[Service]\n", {
        shellEnv: {
          status: "failed",
          shell: "/bin/zsh",
          timeoutMs: 2000,
          durationMs: 12,
          reason: "exited with status 1: /home/u/.zprofile:3: command not found: brew",
        },
      }),
      findings: [
        {
          message:
            "env.shellEnv is on, but the login shell (/bin/zsh -l) failed (exited with status 1: /home/u/.zprofile:3: command not found: brew): the gateway starts without the keys it would import from it",
          subject: SUBJECT,
          advice: ADVICE,
        },
      ],
    },
  ],
});
