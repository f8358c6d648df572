import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";
import type { DotenvEntry } from "../../src/snapshot/dotenv.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "env/dotenv-syntax",
  title: "~/.clawdia/.env has lines the gateway cannot read",
  severity: "warning",
  fix: "none", // a malformed line may hold half a secret: only its owner can say what it should be
  docs: `~/.clawdia/.env is where a daemon's keys belong, one KEY=value per line (\`export \` allowed, values may
be quoted), read as the gateway reads it (the \`dotenv\` package). A line that is not an assignment is
skipped by the gateway: the key on it is silently missing. A value that starts with a quote but does not
end with it (a quote left open, text after the closing quote) is read with its quotes. A variable assigned
twice (easy with \`cat >> ~/.clawdia/.env\`) keeps the last value; that is reported as info, with both lines.

Bad:  ANTHROPIC_API_KEY "sk-ant-api03-…"        ANTHROPIC_API_KEY="sk-ant-api03-…
Good: ANTHROPIC_API_KEY=sk-ant-api03-…          ANTHROPIC_API_KEY="sk-ant-api03-…"`,
  examples: {
    bad: [
      {
        caption: "no = : the gateway skips the line",
        dotenv: 'ANTHROPIC_API_KEY "sk-ant-api03-EXAMPLEapiKeyAPIKEY0001"\n',
      },
      {
        caption: "a variable assigned twice: the last one wins",
        dotenv:
          "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEoldKEYoldKEY0001\nANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEnewKEYnewKEY0002\n",
      },
    ],
    good: [
      {
        dotenv:
          'export OPENROUTER_API_KEY=sk-or-v1-EXAMPLEopenrouterKEY0001\nANTHROPIC_API_KEY="sk-ant-api03-EXAMPLEapiKeyAPIKEY0001"\n',
      },
    ],
  },
  check({ snapshot, paths }) {
    const text = snapshot.dotenv.file.text;
    if (text === undefined) return [];
    const file = paths.dotenvPath;
    const shown = displayPath(file, paths.home);
    const findings: RuleFinding[] = snapshot.dotenv.parsed.problems.map((problem) => ({
      message: `${shown} line ${problem.line}: ${problem.message}`,
      subject: { file, line: problem.line },
      advice: [
        problem.kind === "skipped"
          ? `edit line ${problem.line} of ${shown} into KEY=value (quote values with spaces or #)`
          : `edit line ${problem.line} of ${shown} so that the value is all inside one pair of quotes`,
      ],
    }));
    for (const [key, lines] of assignmentLines(snapshot.dotenv.parsed.entries)) {
      if (lines.length < 2) continue;
      const last = lines[lines.length - 1];
      findings.push({
        severity: "info",
        message: `${key} is assigned on lines ${listLines(lines)} of ${shown}: the last one (line ${last}) wins`,
        subject: { file, line: lines[0] },
        advice: [`keep one ${key} line in ${shown}`],
      });
    }
    return findings;
  },
});

/** Every line each variable is assigned on. */
function assignmentLines(entries: DotenvEntry[]): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const { key, line } of entries) {
    // Appended in place: copying the list on every line made a .env of 100,000 lines take minutes.
    const seen = lines.get(key);
    if (seen) seen.push(line);
    else lines.set(key, [line]);
  }
  return lines;
}

/** "1, 2, 3", or the first ten and how many more: a message stays one readable line. */
function listLines(lines: number[]): string {
  return lines.length <= 10 ? lines.join(", ") : `${lines.slice(0, 10).join(", ")} and ${lines.length - 10} more`;
}
