import { defineRule } from "../../src/rule.js";
import { daemonEnvironment } from "../../src/daemon/effective-env.js";
import { displayPath } from "../../src/paths.js";

export default defineRule({
  id: "env/secret-in-service-file",
  title: "A key is written into the daemon's unit or plist",
  severity: "warning",
  fix: "manual", // the unit or plist is the service manager's file: doctor does not rewrite it
  docs: `A systemd unit (and its drop-ins) or a launchd plist is configuration, not a secret store: it is
commonly world-readable, shows in \`systemctl --user cat\` and \`launchctl print\`, and is copied into backups,
dotfile repositories and bug reports. Keys belong in ~/.clawdia/.env (mode 0600), which the gateway reads
itself. Environment=, ExecStart= and the plist's EnvironmentVariables and ProgramArguments are checked;
EnvironmentFile= pointing at a 0600 file is the right way and is not reported.

Bad:  Environment=ANTHROPIC_API_KEY=sk-ant-api03-…     (in ~/.config/systemd/user/clawdia-gateway.service)
Good: ANTHROPIC_API_KEY=sk-ant-api03-…                 (in ~/.clawdia/.env, mode 0600)`,
  examples: {
    bad: [
      {
        daemon: {
          systemd:
            "[Service]\nEnvironment=ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\nExecStart=/usr/local/bin/clawdia gateway\n",
        },
      },
    ],
    good: [
      {
        caption: "the unit reads ~/.clawdia/.env (mode 0600), which holds the key",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
        daemon: { systemd: "[Service]\nEnvironmentFile=-%h/.clawdia/.env\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
    ],
  },
  check({ snapshot, paths }) {
    const daemon = daemonEnvironment(snapshot);
    if (!daemon?.installed) return [];
    const dotenv = displayPath(paths.dotenvPath, paths.home);
    return daemon.inlineSecrets.map((secret) => {
      const where = `${displayPath(secret.file, paths.home)}${secret.line ? ` line ${secret.line}` : ""}`;
      const variable = /^[A-Za-z_][A-Za-z0-9_]*$/.test(secret.name) ? secret.name : "the key";
      return {
        message: `${secret.name} is written into ${where} (${secret.where}): that file is not private and ends up in backups and bug reports`,
        subject: { file: secret.file, ...(secret.line ? { line: secret.line } : {}) },
        advice: [`move ${variable}=… from ${where} to ${dotenv} (mode 0600)`, daemon.reloadCommand!],
      };
    });
  },
});
