import path from "node:path";
import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";
import type { RawFile } from "../../src/snapshot/raw-file.js";
import type { RuleFinding } from "../../src/types.js";

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export default defineRule({
  id: "files/permissions",
  title: "A file holding secrets is readable by other users",
  severity: "warning",
  fix: "safe", // permission bits only: nothing moves, and the old mode is in the run's history
  docs: `The config, ~/.clawdia/.env and the agent auth stores hold credentials: other users of the machine
must not read them. Files should be 0600 (owner read/write) and the state directory 0700.
A file that is a symbolic link is not changed (chmod would change the file it points to, which may be
shared); the advice says which file to chmod by hand.

Bad:  -rw-r--r--  ~/.clawdia/.env   (0644)          drwxr-xr-x  ~/.clawdia   (0755)
Good: -rw-------  ~/.clawdia/.env   (0600)          drwx------  ~/.clawdia   (0700)`,
  examples: {
    bad: [
      {
        caption: "~/.clawdia/.env and the state directory readable by others",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
        modes: { dotenv: 0o644, stateDir: 0o755 },
      },
      {
        caption: "a symbolic link is left alone",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
        modes: { dotenv: 0o644 },
        symlinks: { dotenv: "/home/u/dotfiles/clawdia.env" },
      },
    ],
    good: [
      { dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n", modes: { dotenv: 0o600, stateDir: 0o700 } },
    ],
  },
  check({ snapshot, paths }) {
    const shown = (file: string) => displayPath(file, paths.home);
    const findings: RuleFinding[] = [];
    const files: [RawFile, string | undefined][] = [
      [snapshot.config.file, undefined],
      [snapshot.dotenv.file, undefined],
      ...snapshot.agents.map((agent): [RawFile, string] => [agent.store.file, agent.id]),
    ];
    for (const [file, agentId] of files) {
      if (file.status === "missing" || file.status === "not-a-file" || file.mode === undefined || !tooOpen(file.mode))
        continue;
      const message = `${shown(file.path)} is ${octal(file.mode)}, should be ${octal(FILE_MODE)}`;
      if (file.symlinkTarget !== undefined) {
        const target = path.resolve(path.dirname(file.path), file.symlinkTarget);
        findings.push({
          severity: "info",
          message: `${message}; it is a symbolic link to ${shown(target)}, so it is left as it is`,
          subject: { agentId, file: file.path },
          advice: [`chmod 600 ${shellWord(target, paths.home)}`],
        });
        continue;
      }
      findings.push({
        message,
        subject: { agentId, file: file.path },
        advice: [`chmod 600 ${shellWord(file.path, paths.home)}`],
        fix: { title: `chmod 600 ${shown(file.path)}`, ops: [{ kind: "chmod", file: file.path, mode: FILE_MODE }] },
      });
    }
    const dir = snapshot.raw.stateDir;
    if (dir.exists && dir.isDirectory && dir.mode !== undefined && tooOpen(dir.mode)) {
      findings.push({
        message: `${shown(paths.stateDir)} is ${octal(dir.mode)}, should be ${octal(DIR_MODE)}`,
        subject: { file: paths.stateDir },
        advice: [`chmod 700 ${shellWord(paths.stateDir, paths.home)}`],
        fix: {
          title: `chmod 700 ${shown(paths.stateDir)}`,
          ops: [{ kind: "chmod", file: paths.stateDir, mode: DIR_MODE }],
        },
      });
    }
    return findings;
  },
});

/** Any bit for the group or for others. */
function tooOpen(mode: number): boolean {
  return (mode & 0o077) !== 0;
}

function octal(mode: number): string {
  return "0" + mode.toString(8).padStart(3, "0");
}

/** A path as a shell word: `~/…` when that needs no quoting, else the full path in single quotes. */
function shellWord(file: string, home: string): string {
  const shown = displayPath(file, home);
  if (/^[A-Za-z0-9_./~+-]+$/.test(shown)) return shown;
  return `'${file.replace(/'/g, `'\\''`)}'`;
}
