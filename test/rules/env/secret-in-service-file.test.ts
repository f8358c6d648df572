import rule from "../../../rules/env/secret-in-service-file.js";
import { ruleTable } from "../table.js";
import { launchd, noDaemon, plist, PLIST, RELOAD_SYSTEMD, systemd, UNIT } from "./daemon-state.js";

const KEY = "sk-ant-api03-INLINEINLINEINLINEINL1";
const RELOAD_LAUNCHD =
  "launchctl bootout gui/501/ai.clawdia.gateway; launchctl bootstrap gui/501 ~/Library/LaunchAgents/ai.clawdia.gateway.plist";
const UNIT_SHOWN = "~/.config/systemd/user/clawdia-gateway.service";
const PLIST_SHOWN = "~/Library/LaunchAgents/ai.clawdia.gateway.plist";

ruleTable(rule, {
  valid: [
    { name: "no daemon", state: {}, raw: noDaemon() },
    {
      name: "EnvironmentFile= is the right way",
      state: {},
      raw: systemd("[Service]\nEnvironmentFile=-%h/.clawdia/.env\nEnvironment=CLAWDIA_LOG_LEVEL=debug\n"),
    },
    {
      name: "a short placeholder is not a secret",
      state: {},
      raw: systemd("[Service]\nEnvironment=ANTHROPIC_API_KEY=changeme\nEnvironment=OPENAI_API_KEY=x\n"),
    },
    { name: "a plist with only PATH", state: {}, raw: launchd(plist({ PATH: "/usr/bin:/bin" })) },
    {
      name: "ordinary arguments",
      state: {},
      raw: systemd("[Service]\nExecStart=/usr/bin/clawdia gateway --port 18789 --bind loopback\n"),
    },
  ],
  invalid: [
    {
      name: "Environment= with a provider key, even one a later reset hides",
      state: {},
      raw: systemd(`[Service]\nEnvironment="ANTHROPIC_API_KEY=${KEY}"\nEnvironment=\n`),
      findings: [
        {
          message: `ANTHROPIC_API_KEY is written into ${UNIT_SHOWN} line 2 (Environment=): that file is not private and ends up in backups and bug reports`,
          subject: { file: UNIT, line: 2 },
          advice: [`move ANTHROPIC_API_KEY=… from ${UNIT_SHOWN} line 2 to ~/.clawdia/.env (mode 0600)`, RELOAD_SYSTEMD],
        },
      ],
    },
    {
      name: "a drop-in with a token, and a key on the command line",
      state: {},
      raw: systemd("[Service]\nExecStart=/usr/bin/clawdia gateway --auth-token plantedtokenvalue99\n", {
        dropIns: ["[Service]\nEnvironment=CLAWDIA_GATEWAY_TOKEN=gatewaytoken12345\n"],
      }),
      findings: [
        {
          message: `CLAWDIA_GATEWAY_TOKEN is written into ${UNIT_SHOWN}.d/00.conf line 2 (Environment=): that file is not private and ends up in backups and bug reports`,
          subject: { file: `${UNIT}.d/00.conf`, line: 2 },
          advice: [
            `move CLAWDIA_GATEWAY_TOKEN=… from ${UNIT_SHOWN}.d/00.conf line 2 to ~/.clawdia/.env (mode 0600)`,
            RELOAD_SYSTEMD,
          ],
        },
        {
          message: `--auth-token is written into ${UNIT_SHOWN} line 2 (ExecStart=): that file is not private and ends up in backups and bug reports`,
          subject: { file: UNIT, line: 2 },
          advice: [`move the key=… from ${UNIT_SHOWN} line 2 to ~/.clawdia/.env (mode 0600)`, RELOAD_SYSTEMD],
        },
      ],
    },
    {
      name: "plist EnvironmentVariables and ProgramArguments",
      state: {},
      raw: launchd(
        plist({ OPENROUTER_API_KEY: "sk-or-v1-PLISTPLISTPLIST1234" }, [
          "/usr/bin/env",
          `ANTHROPIC_API_KEY=${KEY}`,
          "clawdia",
          "gateway",
        ]),
      ),
      findings: [
        {
          message: `OPENROUTER_API_KEY is written into ${PLIST_SHOWN} line 16 (EnvironmentVariables): that file is not private and ends up in backups and bug reports`,
          subject: { file: PLIST, line: 16 },
          advice: [
            `move OPENROUTER_API_KEY=… from ${PLIST_SHOWN} line 16 to ~/.clawdia/.env (mode 0600)`,
            RELOAD_LAUNCHD,
          ],
        },
        {
          message: `ANTHROPIC_API_KEY is written into ${PLIST_SHOWN} (ProgramArguments): that file is not private and ends up in backups and bug reports`,
          subject: { file: PLIST },
          advice: [`move ANTHROPIC_API_KEY=… from ${PLIST_SHOWN} to ~/.clawdia/.env (mode 0600)`, RELOAD_LAUNCHD],
        },
      ],
    },
  ],
});
