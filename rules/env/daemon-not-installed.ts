import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";

export default defineRule({
  id: "env/daemon-not-installed",
  title: "No gateway daemon is installed for this user",
  severity: "info",
  fix: "none",
  docs: `The daemon checks (env/daemon-not-inherited, env/daemon-drift, env/secret-in-service-file) read the
gateway's systemd user unit (~/.config/systemd/user/clawdia-gateway.service) on Linux, or its launchd agent
(~/Library/LaunchAgents/ai.clawdia.gateway.plist) on macOS. When there is none, doctor says so and checks
nothing about a daemon: it never guesses how else the gateway might run (a terminal, a container, a system
unit), where it sees only its own environment, ~/.clawdia/.env and config env.vars.

Bad:  (not a problem) no unit and no plist: the daemon checks are skipped.
Good: the gateway installed as a user service, so doctor can compare its environment with yours.`,
  examples: {
    bad: [{ caption: "Linux, and no systemd user unit for the gateway", daemon: {} }],
    good: [
      {
        caption: "the gateway installed as a user service",
        daemon: { systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
    ],
  },
  check({ snapshot, paths }) {
    const daemon = snapshot.daemon;
    if (!daemon || daemon.installed) return [];
    const expected =
      daemon.kind === "launchd"
        ? paths.launchdPlistPath
        : daemon.kind === "systemd"
          ? paths.systemdUnitPath
          : undefined;
    const message = expected
      ? `no gateway daemon is installed for this user (no ${displayPath(expected, paths.home)}): the daemon environment checks were skipped`
      : `doctor knows no gateway daemon on ${snapshot.raw.platform}: the daemon environment checks were skipped`;
    return [{ message, subject: {}, advice: [] }];
  },
});
