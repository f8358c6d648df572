import rule from "../../../rules/env/dotenv-syntax.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";

const ENV = TEST_PATHS.dotenvPath;

ruleTable(rule, {
  valid: [
    { name: "no .env", state: {} },
    {
      name: "assignments, export, quotes, comments, blank lines",
      state: { dotenv: "# keys\n\nexport A=1\nB='two words'\nC=\"x#y\" # comment\r\n" },
    },
    {
      name: "a quoted value spanning lines, a line that is only its continuation",
      state: { dotenv: 'PEM="-----BEGIN\nnot a KEY=value line\n-----END"\nA=1\n' },
    },
  ],
  invalid: [
    {
      name: "a line that is not an assignment, with its number",
      state: { dotenv: "A=1\nANTHROPIC_API_KEY sk-ant-api03-oops\n" },
      findings: [
        {
          message: "~/.clawdia/.env line 2: not a KEY=value line; the gateway skips the line",
          subject: { file: ENV, line: 2 },
          advice: ["edit line 2 of ~/.clawdia/.env into KEY=value (quote values with spaces or #)"],
        },
      ],
    },
    {
      // dotenv does not skip it: it reads `"open`, the quote included.
      name: "an unclosed quote",
      state: { dotenv: '\n\nB="open\n' },
      findings: [
        {
          message:
            '~/.clawdia/.env line 3: the value of B starts with a " quote that does not end it; the gateway reads the quotes as part of the value',
          subject: { file: ENV, line: 3 },
          advice: ["edit line 3 of ~/.clawdia/.env so that the value is all inside one pair of quotes"],
        },
      ],
    },
    {
      name: "text after the closing quote",
      state: { dotenv: "A=1\nB='sk-ant-api03-x' old\n" },
      findings: [
        {
          message:
            "~/.clawdia/.env line 2: the value of B starts with a ' quote that does not end it; the gateway reads the quotes as part of the value",
          subject: { file: ENV, line: 2 },
          advice: ["edit line 2 of ~/.clawdia/.env so that the value is all inside one pair of quotes"],
        },
      ],
    },
    {
      name: "assigned twice (cat >> .env): info, the last wins",
      state: { dotenv: "ANTHROPIC_API_KEY=a\nX=1\nexport ANTHROPIC_API_KEY=b\n" },
      findings: [
        {
          severity: "info",
          message: "ANTHROPIC_API_KEY is assigned on lines 1, 3 of ~/.clawdia/.env: the last one (line 3) wins",
          subject: { file: ENV, line: 1 },
          advice: ["keep one ANTHROPIC_API_KEY line in ~/.clawdia/.env"],
        },
      ],
    },
    {
      // 100,000 lines used to take minutes (the list of lines was copied on every line); the message names ten.
      name: "assigned 100,000 times: one finding, ten line numbers and a count",
      state: { dotenv: "A=1\n".repeat(100_000) },
      findings: [
        {
          severity: "info",
          message:
            "A is assigned on lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 99990 more of ~/.clawdia/.env: the last one (line 100000) wins",
          subject: { file: ENV, line: 1 },
          advice: ["keep one A line in ~/.clawdia/.env"],
        },
      ],
    },
  ],
});
