import path from "node:path";
import { defineRule } from "../../src/rule.js";
import { fingerprint } from "../../src/auth/fingerprint.js";
import { envKeyFor, providersInUse } from "../../src/auth/providers.js";
import { daemonEnvironment } from "../../src/daemon/effective-env.js";
import { displayPath } from "../../src/paths.js";
import type { DaemonSource } from "../../src/daemon/effective-env.js";
import type { RuleFinding, Subject } from "../../src/types.js";

export default defineRule({
  id: "env/daemon-drift",
  title: "The gateway daemon will see a different value than this shell",
  severity: "warning",
  fix: "manual", // which of the two values is right is the user's call
  docs: `The daemon's environment comes from its unit or plist, ~/.clawdia/.env, config env.vars and (with
env.shellEnv.enabled) the login shell, in that order. When that gives a provider key or a CLAWDIA_* variable
another value than the shell you run doctor in, what you test in the terminal is not what the daemon
uses: an old key left in .env, a unit that still sets last year's key. Values are shown as fingerprints
only. The state directory the daemon uses (CLAWDIA_STATE_DIR in its unit or plist) is compared with the
one doctor checks: when they differ, doctor is looking at the wrong state.

Bad:  ANTHROPIC_API_KEY=sk-ant-api03-…old in ~/.clawdia/.env; export ANTHROPIC_API_KEY=sk-ant-api03-…new in the shell.
Good: one value, in ~/.clawdia/.env, and nothing (or the same) in the shell.`,
  examples: {
    bad: [
      {
        caption: "an old key left in ~/.clawdia/.env, a new one in the shell",
        env: { ANTHROPIC_API_KEY: "sk-ant-api03-EXAMPLEnewKEYnewKEY0002" },
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEoldKEYoldKEY0001\n",
        daemon: { systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
    ],
    good: [
      {
        caption: "one value, in ~/.clawdia/.env",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEnewKEYnewKEY0002\n",
        daemon: { systemd: "[Service]\nExecStart=/usr/local/bin/clawdia gateway\n" },
      },
    ],
  },
  check({ snapshot, paths }) {
    const daemon = daemonEnvironment(snapshot);
    if (!daemon?.installed || !daemon.kind || !daemon.known) return [];
    const findings: RuleFinding[] = [];
    const show = (file: string) => displayPath(file, paths.home);
    if (path.resolve(daemon.stateDir) !== path.resolve(paths.stateDir)) {
      const source =
        daemon.process.get("CLAWDIA_STATE_DIR")?.source.label ??
        `the default (no CLAWDIA_STATE_DIR in ${daemon.description})`;
      findings.push({
        message: `the gateway daemon uses the state directory ${show(daemon.stateDir)} (${source}), but doctor is checking ${show(paths.stateDir)}`,
        subject: { file: daemon.file },
        advice: [`clawdia doctor --state-dir ${show(daemon.stateDir)}`],
      });
    }
    const providerOfKey = new Map(
      [...providersInUse(snapshot.configView).keys()].map((provider) => [envKeyFor(provider), provider]),
    );
    for (const key of daemon.keys) {
      if (key === "CLAWDIA_STATE_DIR") continue;
      const shellValue = snapshot.raw.env[key];
      const seen = daemon.effective.get(key);
      if (!shellValue || seen?.value === undefined || seen.value === "" || seen.value === shellValue) continue;
      const daemonPrint = fingerprint(seen.value);
      const shellPrint = fingerprint(shellValue);
      const same = daemonPrint === shellPrint ? "; the values differ, though their fingerprints do not show it" : "";
      findings.push({
        message: `the gateway daemon will see a different ${key} (${daemonPrint}, from ${seen.source.label}) than this shell (${shellPrint})${same}`,
        subject: subjectOf(seen.source, key, providerOfKey.get(key), paths.configPath),
        advice: [
          `if this shell's value is the right one, put it in ${seen.source.label}`,
          ["unit", "plist", "command-line"].includes(seen.source.kind) ? daemon.reloadCommand! : daemon.restartCommand!,
        ],
      });
    }
    return findings;
  },
});

/** Points at where the daemon's value is written: a line of .env or the unit, or config env.vars. */
function subjectOf(source: DaemonSource, key: string, provider: string | undefined, configPath: string): Subject {
  const base: Subject = provider ? { provider } : {};
  if (source.kind === "config") return { ...base, file: configPath, path: ["env", "vars", key] };
  if (!source.file) return base;
  return source.line ? { ...base, file: source.file, line: source.line } : { ...base, file: source.file };
}
