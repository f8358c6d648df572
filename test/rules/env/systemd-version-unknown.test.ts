import rule from "../../../rules/env/systemd-version-unknown.js";
import { ruleTable } from "../table.js";
import { noDaemon, systemd, UNIT } from "./daemon-state.js";

const UNKNOWN = { unknown: "systemctl is not on PATH" };
const ENV_FILE = "/home/u/gateway.env";
const SWALLOWING = "# the old key \\\nANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345\n";
const ADVICE = [
  "systemctl --version",
  "write the unit and its environment files so they read the same on every systemd: no comment line ending in \\, no %S, %L or %D",
];
const WHY = "systemd's version could not be learned (systemctl is not on PATH)";

ruleTable(rule, {
  valid: [
    { name: "no daemon", state: {}, raw: noDaemon() },
    {
      name: "the version is unknown, but the unit reads the same on every version",
      state: {},
      raw: systemd("[Service]\nEnvironment=ANTHROPIC_API_KEY=k CLAWDIA_X=%h/x\n", { systemd: UNKNOWN }),
    },
    {
      name: "the version is known (252): its rules apply, nothing is ambiguous",
      state: {},
      raw: systemd(`[Service]\nEnvironmentFile=${ENV_FILE}\n`, {
        systemd: { version: 252 },
        envFiles: { [ENV_FILE]: SWALLOWING },
      }),
    },
    {
      name: "the version was not asked (a library's own raw state)",
      state: {},
      raw: systemd(`[Service]\nEnvironmentFile=${ENV_FILE}\n`, { envFiles: { [ENV_FILE]: SWALLOWING } }),
    },
    {
      name: "a variable that does not matter to the gateway differs (%S)",
      state: {},
      raw: systemd("[Service]\nEnvironment=DATA=%S/clawdia\n", { systemd: UNKNOWN }),
    },
  ],
  invalid: [
    {
      name: "a key after a comment ending in \\: set on ≥ 254 only",
      state: {},
      raw: systemd(`[Service]\nEnvironmentFile=${ENV_FILE}\n`, {
        systemd: UNKNOWN,
        envFiles: { [ENV_FILE]: SWALLOWING },
      }),
      findings: [
        {
          message: `ANTHROPIC_API_KEY is set on systemd ≥ 254 but not on older versions; ${WHY}`,
          subject: { file: ENV_FILE, line: 2 },
          advice: ADVICE,
        },
      ],
    },
    {
      name: "%S in CLAWDIA_STATE_DIR: another directory before 254",
      state: {},
      raw: systemd("[Service]\nEnvironment=CLAWDIA_STATE_DIR=%S/clawdia\n", { systemd: UNKNOWN }),
      findings: [
        {
          message: `CLAWDIA_STATE_DIR is set on systemd ≥ 254 but set to another value on older versions; ${WHY}`,
          subject: { file: UNIT, line: 2 },
          advice: ADVICE,
        },
      ],
    },
    {
      name: "%D: systemd before 256 ignores the assignment",
      state: {},
      raw: systemd("[Service]\nEnvironment=CLAWDIA_DATA=%D/clawdia\n", {
        systemd: { unknown: "systemctl --version did not answer within 3 s" },
      }),
      findings: [
        {
          message:
            "CLAWDIA_DATA is set on systemd ≥ 256 but not on older versions; systemd's version could not be learned (systemctl --version did not answer within 3 s)",
          subject: { file: UNIT, line: 2 },
          advice: ADVICE,
        },
      ],
    },
    {
      name: "three spans: %S, then %D (ignored before 256, so %S stays)",
      state: {},
      raw: systemd("[Service]\nEnvironment=CLAWDIA_X=%S\nEnvironment=CLAWDIA_X=%D\n", { systemd: UNKNOWN }),
      findings: [
        {
          message: `CLAWDIA_X is set on systemd ≥ 256, set to another value on systemd 254–255, but set to another value on older versions; ${WHY}`,
          subject: { file: UNIT, line: 3 },
          advice: ADVICE,
        },
      ],
    },
    {
      name: "%D alone, with %S: the older spans read alike and are one",
      state: {},
      raw: systemd("[Service]\nEnvironment=CLAWDIA_X=%D%S\n", { systemd: UNKNOWN }),
      findings: [
        {
          message: `CLAWDIA_X is set on systemd ≥ 256 but not on older versions; ${WHY}`,
          subject: { file: UNIT, line: 2 },
          advice: ADVICE,
        },
      ],
    },
    {
      name: "an EnvironmentFile= named with %S: a different file before 254",
      state: {},
      raw: systemd("[Service]\nEnvironmentFile=-%S/clawdia.env\n", {
        systemd: UNKNOWN,
        envFiles: { "/home/u/.local/state/clawdia.env": "OPENAI_API_KEY=sk-abc\n" },
      }),
      findings: [
        {
          message: `OPENAI_API_KEY is set on systemd ≥ 254 but not on older versions; ${WHY}`,
          subject: { file: "/home/u/.local/state/clawdia.env", line: 1 },
          advice: ADVICE,
        },
      ],
    },
  ],
});
