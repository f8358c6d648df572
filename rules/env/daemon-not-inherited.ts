import { defineRule } from "../../src/rule.js";
import { providersInUse, envKeyFor } from "../../src/auth/providers.js";
import { daemonEnvironment, type DaemonEnvironment } from "../../src/daemon/effective-env.js";
import { agentsNeedingKey } from "../../src/daemon/store-coverage.js";
import { displayPath } from "../../src/paths.js";
import { canWriteDotenvValue } from "../../src/snapshot/dotenv-write.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "env/daemon-not-inherited",
  title: "The gateway daemon will not see a provider key this shell has",
  severity: "error",
  fix: "unsafe", // it writes a secret into <state>/.env: asked for, backed up, undoable
  docs: `A gateway under systemd or launchd does not see what you exported in an interactive shell. It sees
its unit's Environment=/EnvironmentFile= (or the plist's EnvironmentVariables), then ~/.clawdia/.env, then
config env.vars, then, only with env.shellEnv.enabled, your login shell. So \`clawdia models status\` can be
happy in your terminal while the daemon answers "No credentials found". The finding is an error when some
agent has no stored profile for the provider (the key is all it has), a warning otherwise.
With --fix, doctor writes the key to ~/.clawdia/.env (mode 0600, backed up, \`clawdia doctor --undo\`
restores it); then restart the daemon so it reads it.

Bad:  export ANTHROPIC_API_KEY=sk-ant-api03-… in ~/.zshrc only; the gateway runs under launchd.
Good: ANTHROPIC_API_KEY=sk-ant-api03-… in ~/.clawdia/.env, then \`launchctl kickstart -k gui/501/ai.clawdia.gateway\`.`,
  examples: {
    bad: [
      {
        caption: "the key is only in the shell, and the agent has no stored profile",
        env: { ANTHROPIC_API_KEY: "sk-ant-api03-EXAMPLEshellKEYshell0001" },
        daemon: { systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
      {
        caption: "the same, but the agent has a stored profile to fall back on",
        env: { ANTHROPIC_API_KEY: "sk-ant-api03-EXAMPLEshellKEYshell0001" },
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:claude-cli": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-EXAMPLEtokenEXAMPLEtoken",
              },
            },
          },
        },
        daemon: { systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
    ],
    good: [
      {
        caption: "the key in ~/.clawdia/.env, which the gateway reads itself",
        env: { ANTHROPIC_API_KEY: "sk-ant-api03-EXAMPLEshellKEYshell0001" },
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEshellKEYshell0001\n",
        daemon: { systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
    ],
  },
  check({ snapshot, paths, now }) {
    const daemon = daemonEnvironment(snapshot);
    if (!daemon?.installed || !daemon.kind || !daemon.known) return [];
    const findings: RuleFinding[] = [];
    for (const provider of providersInUse(snapshot.configView).keys()) {
      const key = envKeyFor(provider);
      const shellValue = snapshot.raw.env[key];
      const seen = daemon.effective.get(key);
      // Seen, or passed from systemd's own environment (unknown to doctor): nothing to say here.
      if (!shellValue || (seen && seen.value !== "")) continue;
      const dependent = agentsNeedingKey(snapshot, provider, now);
      const dotenv = displayPath(paths.dotenvPath, paths.home);
      const otherStateDir = daemon.stateDir !== paths.stateDir;
      // An empty value set by the unit or plist hides <state>/.env: writing there would not help.
      const hiddenByDefinition =
        seen !== undefined && ["unit", "environment-file", "plist", "command-line"].includes(seen.source.kind);
      const why = seen ? `${seen.source.label} sets it to an empty value` : notFoundIn(daemon, dotenv);
      const message =
        `${key} is set in this shell, but the gateway daemon (${daemon.description}) will not see it: ${why}` +
        (dependent.length
          ? ` (agent ${dependent.join(", ")} has no stored ${provider} profile: "No credentials found")`
          : ` (it still has stored ${provider} profiles)`);
      // A value dotenv has no way to read back (a CR, all three quotes with a line break…) is not written.
      const writable = canWriteDotenvValue(shellValue);
      const fixable = !otherStateDir && !hiddenByDefinition && writable;
      const finding: RuleFinding = {
        severity: dependent.length ? "error" : "warning",
        message: otherStateDir
          ? `${message}; the daemon uses the state directory ${displayPath(daemon.stateDir, paths.home)}, not this one`
          : message,
        subject: { provider, file: daemon.file },
        advice: hiddenByDefinition
          ? [`remove the empty ${key} from ${seen!.source.label}`, daemon.reloadCommand!]
          : otherStateDir
            ? [`add ${key}=… to ${displayPath(daemon.stateDir, paths.home)}/.env`, daemon.restartCommand!]
            : writable
              ? [`clawdia doctor --fix (writes ${key} to ${dotenv}, mode 0600)`, daemon.restartCommand!]
              : [
                  `add ${key} to the daemon's ${daemon.kind === "launchd" ? "plist" : "unit"} yourself: its value has characters ${dotenv} cannot hold`,
                  daemon.restartCommand!,
                ],
      };
      if (fixable) {
        finding.fix = {
          title: `write ${key} from this shell to ${dotenv}; then restart the daemon: ${daemon.restartCommand}`,
          ops: [{ kind: "dotenv-set", file: paths.dotenvPath, key, value: shellValue }],
        };
      }
      findings.push(finding);
    }
    return findings;
  },
});

function notFoundIn(daemon: DaemonEnvironment, dotenv: string): string {
  const shell = !daemon.shellEnv.enabled
    ? "and env.shellEnv is off"
    : daemon.shellEnv.outcome?.status === "ok"
      ? "or your login shell (env.shellEnv)"
      : "and the login shell did not answer (see env/shell-env-slow)";
  return `it is not in the ${daemon.kind === "launchd" ? "plist's EnvironmentVariables" : "unit's environment"}, ${dotenv} or config env.vars, ${shell}`;
}
