import { defineRule } from "../../src/rule.js";
import { daemonEnvironment } from "../../src/daemon/effective-env.js";

export default defineRule({
  id: "env/service-file-invalid",
  title: "The daemon's unit or plist has errors",
  severity: "error",
  fix: "none",
  docs: `systemd and launchd read the gateway's unit or plist strictly. An EnvironmentFile= that does not exist
(without the "-" prefix that makes it optional) makes systemd refuse to start the service; a plist that does
not parse is not loaded at all. Lines systemd cannot parse (unbalanced quotes, unknown escapes, assignments
without a valid NAME=) are ignored with a warning in the journal, so a key on them is silently missing:
those are warnings here.

Bad:  EnvironmentFile=%h/.clawdia/gateway.env        (the file does not exist)
Good: EnvironmentFile=-%h/.clawdia/gateway.env       (optional), or the file exists`,
  examples: {
    bad: [
      {
        caption: "an EnvironmentFile= that does not exist: systemd refuses to start",
        daemon: { systemd: "[Service]\nEnvironmentFile=%h/.clawdia/gateway.env\n" },
      },
      {
        caption: "a line systemd cannot parse: it is skipped",
        daemon: { systemd: '[Service]\nEnvironment="ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n' },
      },
    ],
    good: [
      {
        caption: 'the "-" makes the file optional',
        daemon: { systemd: "[Service]\nEnvironmentFile=-%h/.clawdia/gateway.env\n" },
      },
    ],
  },
  check({ snapshot }) {
    const daemon = daemonEnvironment(snapshot);
    if (!daemon?.installed) return [];
    return daemon.problems.map((problem) => ({
      severity: problem.severity,
      message: problem.message,
      subject: { file: problem.file, ...(problem.line ? { line: problem.line } : {}) },
      advice: daemon.reloadCommand
        ? [`fix ${problem.line ? `line ${problem.line} of ` : ""}the file, then: ${daemon.reloadCommand}`]
        : [],
    }));
  },
});
