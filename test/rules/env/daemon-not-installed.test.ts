import rule from "../../../rules/env/daemon-not-installed.js";
import { ruleTable } from "../table.js";
import { noDaemon, systemd } from "./daemon-state.js";

ruleTable(rule, {
  valid: [
    { name: "a unit is installed", state: {}, raw: systemd("[Service]\n") },
    { name: "the daemon was not read (library snapshot): nothing is said", state: {} },
  ],
  invalid: [
    {
      name: "Linux without a unit",
      state: {},
      raw: noDaemon("systemd"),
      findings: [
        {
          message:
            "no gateway daemon is installed for this user (no ~/.config/systemd/user/clawdia-gateway.service): the daemon environment checks were skipped",
          subject: {},
          advice: [],
        },
      ],
    },
    {
      name: "macOS without a plist",
      state: {},
      raw: noDaemon("launchd"),
      findings: [
        {
          message:
            "no gateway daemon is installed for this user (no ~/Library/LaunchAgents/ai.clawdia.gateway.plist): the daemon environment checks were skipped",
          subject: {},
          advice: [],
        },
      ],
    },
    {
      name: "a platform with no known daemon",
      state: {},
      raw: noDaemon("none"),
      findings: [
        {
          message: "doctor knows no gateway daemon on win32: the daemon environment checks were skipped",
          subject: {},
          advice: [],
        },
      ],
    },
  ],
});
