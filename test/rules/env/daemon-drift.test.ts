import rule from "../../../rules/env/daemon-drift.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";
import {
  launchd,
  noDaemon,
  plist,
  PLIST,
  RELOAD_SYSTEMD,
  RESTART_LAUNCHD,
  RESTART_SYSTEMD,
  systemd,
  UNIT,
} from "./daemon-state.js";

const NEW = "sk-ant-api03-NEWNEWNEWNEWNEWNEWNEW1";
const OLD = "sk-ant-api03-OLDOLDOLDOLDOLDOLDOLD2";
const UNIT_TEXT = "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n";
const SHELL = { env: { ANTHROPIC_API_KEY: NEW } };

ruleTable(rule, {
  valid: [
    { name: "no daemon installed", state: { ...SHELL, dotenv: `ANTHROPIC_API_KEY=${OLD}\n` }, raw: noDaemon() },
    { name: "the same value", state: { ...SHELL, dotenv: `ANTHROPIC_API_KEY=${NEW}\n` }, raw: systemd(UNIT_TEXT) },
    { name: "the shell does not have it", state: { dotenv: `ANTHROPIC_API_KEY=${OLD}\n` }, raw: systemd(UNIT_TEXT) },
    { name: "the daemon does not have it (daemon-not-inherited says so)", state: SHELL, raw: systemd(UNIT_TEXT) },
    {
      name: "PassEnvironment=: unknown value, nothing to compare",
      state: SHELL,
      raw: systemd("[Service]\nPassEnvironment=ANTHROPIC_API_KEY\n"),
    },
    {
      name: "the daemon's state dir is the one checked",
      state: {},
      raw: systemd(`[Service]\nEnvironment=CLAWDIA_STATE_DIR=${TEST_PATHS.stateDir}\n`),
    },
    {
      name: "CLAWDIA_* equal",
      state: { env: { CLAWDIA_LOG_LEVEL: "debug" }, dotenv: "CLAWDIA_LOG_LEVEL=debug\n" },
      raw: systemd(UNIT_TEXT),
    },
  ],
  invalid: [
    {
      name: "an old key in <state>/.env, shown by fingerprint only",
      state: { ...SHELL, dotenv: `# keys\nANTHROPIC_API_KEY=${OLD}\n` },
      raw: systemd(UNIT_TEXT),
      findings: [
        {
          message:
            "the gateway daemon will see a different ANTHROPIC_API_KEY (sk-ant-api03-…OLD2, from ~/.clawdia/.env) than this shell (sk-ant-api03-…NEW1)",
          subject: { provider: "anthropic", file: TEST_PATHS.dotenvPath, line: 2 },
          advice: ["if this shell's value is the right one, put it in ~/.clawdia/.env", RESTART_SYSTEMD],
        },
      ],
    },
    {
      name: "the unit's Environment= wins over .env: reload needed after editing it",
      state: { ...SHELL, dotenv: `ANTHROPIC_API_KEY=${NEW}\n` },
      raw: systemd(`[Service]\nEnvironment="ANTHROPIC_API_KEY=${OLD}"\n`),
      findings: [
        {
          message:
            "the gateway daemon will see a different ANTHROPIC_API_KEY (sk-ant-api03-…OLD2, from Environment= in ~/.config/systemd/user/clawdia-gateway.service:2) than this shell (sk-ant-api03-…NEW1)",
          subject: { provider: "anthropic", file: UNIT, line: 2 },
          advice: [
            "if this shell's value is the right one, put it in Environment= in ~/.config/systemd/user/clawdia-gateway.service:2",
            RELOAD_SYSTEMD,
          ],
        },
      ],
    },
    {
      name: "config env.vars points at its JSON path",
      state: { ...SHELL, config: { env: { vars: { ANTHROPIC_API_KEY: OLD } } } },
      raw: systemd(UNIT_TEXT),
      findings: [
        {
          message:
            "the gateway daemon will see a different ANTHROPIC_API_KEY (sk-ant-api03-…OLD2, from config env.vars) than this shell (sk-ant-api03-…NEW1)",
          subject: { provider: "anthropic", file: TEST_PATHS.configPath, path: ["env", "vars", "ANTHROPIC_API_KEY"] },
          advice: ["if this shell's value is the right one, put it in config env.vars", RESTART_SYSTEMD],
        },
      ],
    },
    {
      name: "values that end alike say so",
      state: {
        env: { ANTHROPIC_API_KEY: "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAsame" },
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-BBBBBBBBBBBBBBBBBBBBsame\n",
      },
      raw: systemd(UNIT_TEXT),
      findings: [
        {
          message:
            "the gateway daemon will see a different ANTHROPIC_API_KEY (sk-ant-api03-…same, from ~/.clawdia/.env) than this shell (sk-ant-api03-…same); the values differ, though their fingerprints do not show it",
          subject: { provider: "anthropic", file: TEST_PATHS.dotenvPath, line: 1 },
          advice: ["if this shell's value is the right one, put it in ~/.clawdia/.env", RESTART_SYSTEMD],
        },
      ],
    },
    {
      name: "a CLAWDIA_* variable (fingerprinted too)",
      state: { env: { CLAWDIA_GATEWAY_TOKEN: "shell-token-0123456789abcd" } },
      raw: launchd(plist({ CLAWDIA_GATEWAY_TOKEN: "plist-token-0123456789wxyz" })),
      findings: [
        {
          message:
            "the gateway daemon will see a different CLAWDIA_GATEWAY_TOKEN (…wxyz, from EnvironmentVariables in ~/Library/LaunchAgents/ai.clawdia.gateway.plist) than this shell (…abcd)",
          subject: { file: PLIST, line: 14 },
          advice: [
            "if this shell's value is the right one, put it in EnvironmentVariables in ~/Library/LaunchAgents/ai.clawdia.gateway.plist",
            `launchctl bootout gui/501/ai.clawdia.gateway; launchctl bootstrap gui/501 ~/Library/LaunchAgents/ai.clawdia.gateway.plist`,
          ],
        },
      ],
    },
    {
      name: "the daemon uses another state directory than the one doctor checks",
      state: {},
      raw: systemd("[Service]\nEnvironment=CLAWDIA_STATE_DIR=%h/clawdia-prod\n"),
      findings: [
        {
          message:
            "the gateway daemon uses the state directory ~/clawdia-prod (Environment= in ~/.config/systemd/user/clawdia-gateway.service:2), but doctor is checking ~/.clawdia",
          subject: { file: UNIT },
          advice: ["clawdia doctor --state-dir ~/clawdia-prod"],
        },
      ],
    },
  ],
});

void RESTART_LAUNCHD;
