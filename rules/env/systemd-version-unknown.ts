import { defineRule } from "../../src/rule.js";
import { daemonEnvironment } from "../../src/daemon/effective-env.js";
import { describeVersionDependence } from "../../src/daemon/version-dependent.js";

export default defineRule({
  id: "env/systemd-version-unknown",
  title: "What the daemon gets depends on systemd's version, which doctor could not learn",
  severity: "warning",
  fix: "manual",
  docs: `A few rules of systemd's unit and EnvironmentFile= syntax changed between versions: before 254 a
comment line ending in a backslash swallows the next line of an EnvironmentFile=, and %S and %L name
~/.config (since 254: ~/.local/state); %D exists since 256. Debian 12 and RHEL 9 ship 252, Ubuntu 22.04
ships 249. Doctor asks \`systemctl --version\`; when that fails and a key the gateway needs reads
differently across versions, doctor says so instead of guessing (the rest of its report reads the unit
as the newest systemd does).

Bad:  ~/gateway.env: "# old key \\" on line 1, ANTHROPIC_API_KEY=… on line 2, and no systemctl on PATH
Good: no comment line ending in "\\", and no %S, %L or %D in the unit`,
  examples: {
    bad: [
      {
        caption: "a comment line ending in a backslash, and no systemctl to ask",
        daemon: {
          systemd: "[Service]\nEnvironmentFile=/home/u/gateway.env\n",
          envFiles: {
            "/home/u/gateway.env": "# the old key \\\nANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
          },
          systemdVersion: { unknown: "systemctl is not on PATH" },
        },
      },
    ],
    good: [
      {
        caption: "the same file without the backslash reads alike on every systemd",
        daemon: {
          systemd: "[Service]\nEnvironmentFile=/home/u/gateway.env\n",
          envFiles: {
            "/home/u/gateway.env": "# the old key\nANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
          },
          systemdVersion: { unknown: "systemctl is not on PATH" },
        },
      },
    ],
  },
  check({ snapshot }) {
    const daemon = daemonEnvironment(snapshot);
    if (!daemon?.installed || !daemon.systemd || daemon.systemd.version !== undefined) return [];
    const why = daemon.systemd.unknown;
    return daemon.versionDependent.map((variable) => ({
      message: `${describeVersionDependence(variable)}; systemd's version could not be learned (${why})`,
      subject: { file: variable.file, line: variable.line },
      advice: [
        "systemctl --version",
        "write the unit and its environment files so they read the same on every systemd: no comment line ending in \\, no %S, %L or %D",
      ],
    }));
  },
});
