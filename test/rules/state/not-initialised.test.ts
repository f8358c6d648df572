import rule from "../../../rules/state/not-initialised.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable, store } from "../table.js";

const FIRST_STEPS = [
  "clawdia onboard",
  "export ANTHROPIC_API_KEY=… (an Anthropic API key)",
  "clawdia models auth setup-token --provider anthropic   # your Claude subscription, through `claude setup-token`",
];
const subject = { file: TEST_PATHS.stateDir };

ruleTable(rule, {
  valid: [
    { name: "a config", state: { config: {} } },
    { name: "only a .env with a key", state: { dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-x\n" } },
    { name: "only an agent store", state: { stores: { main: store({}) } } },
  ],
  invalid: [
    {
      name: "no state dir",
      state: {},
      raw: (raw) => (raw.stateDir = { exists: false, isDirectory: false }),
      findings: [{ message: "No Clawdia state at ~/.clawdia", subject, advice: FIRST_STEPS }],
    },
    {
      name: "an empty state dir",
      state: {},
      findings: [
        {
          message: "No Clawdia state at ~/.clawdia: it has no config, no .env and no agent auth store",
          subject,
          advice: FIRST_STEPS,
        },
      ],
    },
    {
      name: "a configured agent's missing store does not count",
      state: {},
      raw: (raw) =>
        raw.stores.set("main", { path: `${TEST_PATHS.agentsDir}/main/agent/auth-profiles.json`, status: "missing" }),
      findings: [
        {
          message: "No Clawdia state at ~/.clawdia: it has no config, no .env and no agent auth store",
          subject,
          advice: FIRST_STEPS,
        },
      ],
    },
    {
      name: "a file where the state dir should be",
      state: {},
      raw: (raw) => (raw.stateDir = { exists: true, isDirectory: false, mode: 0o644 }),
      findings: [
        { severity: "error", message: "~/.clawdia is not a directory", subject, advice: ["ls -ld ~/.clawdia"] },
      ],
    },
    {
      name: "a state dir that cannot be looked at",
      state: {},
      raw: (raw) => (raw.stateDir = { exists: true, isDirectory: false, error: "permission denied (EACCES)" }),
      findings: [
        {
          severity: "error",
          message: "~/.clawdia could not be read: permission denied (EACCES)",
          subject,
          advice: ["ls -ld ~/.clawdia"],
        },
      ],
    },
  ],
});
