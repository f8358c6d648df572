import { fingerprint } from "../../src/auth/fingerprint.js";
import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";
import type { DotenvEntry } from "../../src/snapshot/dotenv.js";
import { readShellAssignment } from "../../src/snapshot/shell-assignment.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "env/dotenv-shell-differs",
  title: "A ~/.clawdia/.env line means one thing to a shell and another to the gateway",
  severity: "info",
  fix: "none", // which of the two readings the user meant is theirs to say
  docs: `The gateway reads ~/.clawdia/.env with the \`dotenv\` package, not with a shell. People also source the
file (\`set -a; . ~/.clawdia/.env\`) to test a key by hand, and the two disagree on some lines: dotenv ends
an unquoted value at #, expands no $VAR, ~ or \`command\`, keeps backslashes in double quotes (only \\n and
\\r are escapes) and reads an unquoted value with spaces whole; a shell does the opposite of each. What
works in the shell may then be a different key for the gateway. Single quotes mean the same to both.

Bad:  ANTHROPIC_API_KEY=sk-ant-api03-abc#def      (dotenv: sk-ant-api03-abc)
Good: ANTHROPIC_API_KEY='sk-ant-api03-abc#def'`,
  examples: {
    bad: [{ caption: "dotenv ends an unquoted value at #", dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-abc#def\n" }],
    good: [{ caption: "single quotes mean the same to both", dotenv: "ANTHROPIC_API_KEY='sk-ant-api03-abc#def'\n" }],
  },
  check({ snapshot, paths }) {
    const text = snapshot.dotenv.file.text;
    if (text === undefined) return [];
    const file = paths.dotenvPath;
    const shown = displayPath(file, paths.home);
    const lines = text.split(/\r\n|\n|\r/);
    const findings: RuleFinding[] = [];
    for (const entry of snapshot.dotenv.parsed.entries) {
      const why = shellDifference(entry, lines[entry.line - 1], text);
      if (!why) continue;
      findings.push({
        message: `${shown} line ${entry.line}: ${entry.key} means something else to a shell: ${why}; the gateway (dotenv) reads ${describe(entry.value)}`,
        subject: { file, line: entry.line },
        advice: [
          `if the gateway's reading is not what you meant, write line ${entry.line} of ${shown} as ${entry.key}='…' (single quotes read the same in both)`,
        ],
      });
    }
    return findings;
  },
});

/** Why a shell's reading of the line differs from dotenv's, or undefined when both read the same value. */
function shellDifference(entry: DotenvEntry, line: string, text: string): string | undefined {
  const reading = readShellAssignment(line);
  if (reading === undefined) return undefined;
  if ("differs" in reading) return reading.differs;
  if (entry.endLine !== entry.line) {
    // dotenv took the value from a quoted next line; otherwise it is quoted across lines, as a shell reads it too.
    return reading.value === "" && entry.value !== ""
      ? "a shell reads an empty value and runs the next line as a command"
      : undefined;
  }
  if (reading.value === entry.value) return undefined;
  const raw = text.slice(entry.rawStart, entry.rawEnd);
  const hint =
    !entry.quote && line.slice(line.indexOf("=") + 1).includes("#")
      ? "dotenv ends an unquoted value at #"
      : entry.quote === '"' && raw.includes("\\")
        ? "dotenv keeps backslashes in double quotes (only \\n and \\r are escapes)"
        : "quotes and backslashes are read differently";
  return `${hint}, and a shell reads ${describe(reading.value)}`;
}

/** A value by its length and fingerprint: a .env value may be a secret. */
function describe(value: string): string {
  if (value === "") return "an empty value";
  const shown = fingerprint(value);
  return `${value.length} character${value.length === 1 ? "" : "s"}${shown === "…" ? "" : ` (${shown})`}`;
}
