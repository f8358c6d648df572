import rule from "../../../rules/env/service-file-invalid.js";
import { ruleTable } from "../table.js";
import { launchd, noDaemon, PLIST, RELOAD_SYSTEMD, systemd, UNIT } from "./daemon-state.js";

const UNIT_SHOWN = "~/.config/systemd/user/clawdia-gateway.service";
const fixLine = (line: number) => [`fix line ${line} of the file, then: ${RELOAD_SYSTEMD}`];

ruleTable(rule, {
  valid: [
    { name: "no daemon", state: {}, raw: noDaemon() },
    {
      name: "an optional EnvironmentFile= that is missing",
      state: {},
      raw: systemd("[Service]\nEnvironmentFile=-/nowhere/gateway.env\n"),
    },
    {
      name: "EnvironmentFile= <state>/.env that exists",
      state: { dotenv: "A=1\n" },
      raw: systemd("[Service]\nEnvironmentFile=%h/.clawdia/.env\n"),
    },
    {
      name: "an existing EnvironmentFile=",
      state: {},
      raw: systemd("[Service]\nEnvironmentFile=/etc/clawdia.env\n", { envFiles: { "/etc/clawdia.env": "A=1\n" } }),
    },
  ],
  invalid: [
    {
      name: "a missing EnvironmentFile= without '-': systemd refuses to start",
      state: {},
      raw: systemd("[Service]\nExecStart=/usr/bin/clawdia gateway\nEnvironmentFile=%h/.clawdia/.env\n"),
      findings: [
        {
          severity: "error",
          message:
            'EnvironmentFile=~/.clawdia/.env does not exist, so systemd will refuse to start the gateway ("Failed to load environment files")',
          subject: { file: UNIT, line: 3 },
          advice: fixLine(3),
        },
      ],
    },
    {
      name: "lines systemd ignores are warnings, with their lines",
      state: {},
      raw: systemd(
        '[Service]\nEnvironment="ANTHROPIC_API_KEY=unbalanced\nEnvironment=GOOD=1 BAD\\dESCAPE=2\nPassEnvironment=1X\n',
      ),
      findings: [
        {
          severity: "warning",
          message: `${UNIT_SHOWN}:2: Environment=: unbalanced quoting; systemd ignores the rest of the line`,
          subject: { file: UNIT, line: 2 },
          advice: fixLine(2),
        },
        {
          severity: "warning",
          message: `${UNIT_SHOWN}:3: Environment=: unknown escape sequence "\\d"; systemd ignores the rest of the line`,
          subject: { file: UNIT, line: 3 },
          advice: fixLine(3),
        },
        {
          severity: "warning",
          message: `${UNIT_SHOWN}:4: PassEnvironment=: "1X" is not a variable name; systemd ignores it`,
          subject: { file: UNIT, line: 4 },
          advice: fixLine(4),
        },
      ],
    },
    {
      name: "`export KEY=` in an EnvironmentFile=: systemd drops it",
      state: { dotenv: "export ANTHROPIC_API_KEY=x\n" },
      raw: systemd("[Service]\nEnvironmentFile=-%h/.clawdia/.env\n"),
      findings: [
        {
          severity: "warning",
          message:
            '~/.clawdia/.env:1: "export ANTHROPIC_API_KEY" is not a variable name systemd accepts; the line is ignored (as EnvironmentFile=)',
          subject: { file: "/home/u/.clawdia/.env", line: 1 },
          advice: fixLine(1),
        },
      ],
    },
    {
      name: "systemd 252: the line after a comment ending in \\ is swallowed (254 and later read it)",
      state: {},
      raw: systemd("[Service]\nEnvironmentFile=/home/u/gateway.env\n", {
        systemd: { version: 252 },
        envFiles: { "/home/u/gateway.env": "# old \\\nANTHROPIC_API_KEY=k\n" },
      }),
      findings: [
        {
          severity: "warning",
          message:
            "~/gateway.env:2: systemd 252 reads this line as part of the comment on line 1, which ends in a backslash (systemd 254 and later do not); the line is ignored (as EnvironmentFile=)",
          subject: { file: "/home/u/gateway.env", line: 2 },
          advice: fixLine(2),
        },
      ],
    },
    {
      name: "a plist that does not parse",
      state: {},
      raw: launchd("<plist><dict><key>Label</key><string>x</dict></plist>"),
      findings: [
        {
          severity: "error",
          message:
            '~/Library/LaunchAgents/ai.clawdia.gateway.plist: it is not a valid plist: Opening and ending tag mismatch: "string" != "dict" (line 1, column 38); launchd will not load it',
          subject: { file: PLIST },
          advice: [
            "fix the file, then: launchctl bootout gui/501/ai.clawdia.gateway; launchctl bootstrap gui/501 ~/Library/LaunchAgents/ai.clawdia.gateway.plist",
          ],
        },
      ],
    },
  ],
});
