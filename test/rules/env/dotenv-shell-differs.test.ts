import rule from "../../../rules/env/dotenv-shell-differs.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";

const ENV = TEST_PATHS.dotenvPath;
const KEY = "sk-ant-api03-SHELLDIFFERSshelldiffers0001";

/** The finding for line `line`, assigning `key`, with why and what dotenv reads. */
function differs(line: number, key: string, why: string, reads: string) {
  return {
    message: `~/.clawdia/.env line ${line}: ${key} means something else to a shell: ${why}; the gateway (dotenv) reads ${reads}`,
    subject: { file: ENV, line },
    advice: [
      `if the gateway's reading is not what you meant, write line ${line} of ~/.clawdia/.env as ${key}='…' (single quotes read the same in both)`,
    ],
  };
}

ruleTable(rule, {
  valid: [
    { name: "no .env", state: {} },
    {
      name: "lines both read alike: plain, export, single and double quotes, comments, empty",
      state: {
        dotenv: `# keys\nA=1\nexport B='two words'\nC="x#y" # note\nD=\nE=''\nF="it's"\nG='a\\b'\nURL=https://example.org/a?b=c\n`,
      },
    },
    {
      name: "a quoted value spanning lines is not compared",
      state: { dotenv: 'PEM="-----BEGIN\n$notexpanded\n-----END"\n' },
    },
    { name: "what Clawdia's writer writes", state: { dotenv: `ANTHROPIC_API_KEY=${KEY}\nK=' a # b '\n` } },
  ],
  invalid: [
    {
      name: "KEY=abc#def: dotenv ends the value at #, a shell does not; the value is shown by length only",
      state: { dotenv: `ANTHROPIC_API_KEY=${KEY}#old\n` },
      findings: [
        differs(
          1,
          "ANTHROPIC_API_KEY",
          `dotenv ends an unquoted value at #, and a shell reads ${KEY.length + 4} characters (sk-ant-api03-…#old)`,
          `${KEY.length} characters (sk-ant-api03-…0001)`,
        ),
      ],
    },
    {
      name: "$VAR: dotenv does not expand it",
      state: { dotenv: 'A=1\nPATH_EXTRA=$HOME/bin\nB="${HOME}"\n' },
      findings: [
        differs(2, "PATH_EXTRA", "a shell expands the $ (dotenv does not)", "9 characters"),
        differs(3, "B", "a shell expands the $ (dotenv does not)", "7 characters"),
      ],
    },
    {
      name: "an unquoted value with a space: dotenv reads it whole, a shell runs the rest",
      state: { dotenv: "NAME=two words\n" },
      findings: [
        differs(
          1,
          "NAME",
          "a shell ends the value at the first unquoted space and runs the rest of the line as a command",
          "9 characters",
        ),
      ],
    },
    {
      name: "backslashes in double quotes: dotenv keeps them",
      state: { dotenv: 'K="a\\"b\\\\c"\n' },
      findings: [
        differs(
          1,
          "K",
          "dotenv keeps backslashes in double quotes (only \\n and \\r are escapes), and a shell reads 5 characters",
          "7 characters",
        ),
      ],
    },
    {
      name: "backticks, ~, spaces around =, KEY: value, a name a shell refuses",
      state: { dotenv: "A=`date`\nB=~/keys\nC = 1\nD: 2\nE.F=3\n" },
      findings: [
        differs(1, "A", "a shell runs what is in backticks as a command (dotenv reads them as quotes)", "4 characters"),
        differs(2, "B", "a shell expands the leading ~ to a home directory (dotenv does not)", "6 characters"),
        differs(3, "C", "the space before = makes a shell run C as a command", "1 character"),
        differs(4, "D", '"D:" is not an assignment to a shell, which runs D as a command', "1 character"),
        differs(5, "E.F", "E.F is not a shell variable name", "1 character"),
      ],
    },
    {
      name: "an empty value dotenv takes from the next line's quotes",
      state: { dotenv: 'K=\n"from the next line"\n' },
      findings: [
        differs(1, "K", "a shell reads an empty value and runs the next line as a command", "18 characters (…line)"),
      ],
    },
  ],
});
