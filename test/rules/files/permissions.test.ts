import rule from "../../../rules/files/permissions.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable, store } from "../table.js";

const WORK = agentStorePath(TEST_PATHS, "work");
const everything = { config: {}, dotenv: "A=1\n", stores: { work: store({}) } };

ruleTable(rule, {
  valid: [
    { name: "everything 0600, the state dir 0700", state: everything },
    {
      name: "narrower is fine",
      state: { ...everything, modes: { config: 0o400, dotenv: 0o600, "store:work": 0o400, stateDir: 0o500 } },
    },
    { name: "missing files have no mode to fix", state: { modes: { config: 0o644, dotenv: 0o644 } } },
    {
      name: "a directory where a file should be is not chmod-ed",
      state: {},
      raw: (raw) =>
        (raw.config = {
          path: TEST_PATHS.configPath,
          status: "not-a-file",
          mode: 0o755,
          error: "it is not a regular file",
        }),
    },
    {
      name: "a state dir that is not a directory is state/not-initialised's",
      state: {},
      raw: (raw) => (raw.stateDir = { exists: true, isDirectory: false, mode: 0o644 }),
    },
  ],
  invalid: [
    {
      name: "every file too open",
      state: { ...everything, modes: { config: 0o644, dotenv: 0o640, "store:work": 0o604, stateDir: 0o755 } },
      findings: [
        {
          message: "~/.clawdia/clawdia.json is 0644, should be 0600",
          subject: { file: TEST_PATHS.configPath },
          advice: ["chmod 600 ~/.clawdia/clawdia.json"],
          fix: {
            title: "chmod 600 ~/.clawdia/clawdia.json",
            ops: [{ kind: "chmod", file: TEST_PATHS.configPath, mode: 0o600 }],
          },
        },
        {
          message: "~/.clawdia/.env is 0640, should be 0600",
          subject: { file: TEST_PATHS.dotenvPath },
          advice: ["chmod 600 ~/.clawdia/.env"],
          fix: {
            title: "chmod 600 ~/.clawdia/.env",
            ops: [{ kind: "chmod", file: TEST_PATHS.dotenvPath, mode: 0o600 }],
          },
        },
        {
          message: "~/.clawdia/agents/work/agent/auth-profiles.json is 0604, should be 0600",
          subject: { agentId: "work", file: WORK },
          advice: ["chmod 600 ~/.clawdia/agents/work/agent/auth-profiles.json"],
          fix: {
            title: "chmod 600 ~/.clawdia/agents/work/agent/auth-profiles.json",
            ops: [{ kind: "chmod", file: WORK, mode: 0o600 }],
          },
        },
        {
          message: "~/.clawdia is 0755, should be 0700",
          subject: { file: TEST_PATHS.stateDir },
          advice: ["chmod 700 ~/.clawdia"],
          fix: { title: "chmod 700 ~/.clawdia", ops: [{ kind: "chmod", file: TEST_PATHS.stateDir, mode: 0o700 }] },
        },
      ],
    },
    {
      name: "a symlinked file is left alone, with advice for its target",
      state: { config: {}, modes: { config: 0o644 } },
      raw: (raw) => (raw.config = { ...raw.config, symlinkTarget: "../dotfiles/my clawdia.json" }),
      findings: [
        {
          severity: "info",
          message:
            "~/.clawdia/clawdia.json is 0644, should be 0600; it is a symbolic link to ~/dotfiles/my clawdia.json, so it is left as it is",
          subject: { file: TEST_PATHS.configPath },
          advice: ["chmod 600 '/home/u/dotfiles/my clawdia.json'"],
        },
      ],
    },
  ],
});
