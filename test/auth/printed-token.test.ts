// The token `claude setup-token` printed, read from its screen as the real command draws it.
import { describe, expect, it } from "vitest";
import { findPrintedToken, screenText } from "../../src/auth/printed-token.js";
import { claudeToken } from "../support/fake-claude.js";

const ESC = "\u001b";
const TOKEN = claudeToken("printed-token unit");
const OTHER = claudeToken("another token");

function screen(tokenLines: string[]): string {
  return [
    `${ESC}[32m✓ Long-lived authentication token created successfully!${ESC}[39m`,
    "",
    "Your OAuth token (valid for 1 year):",
    "",
    ...tokenLines,
    "",
    "Store this token securely. You won't be able to see it again.",
    "",
    "Use this token by setting: export CLAUDE_CODE_OAUTH_TOKEN=<token>",
  ].join("\r\n");
}

describe("findPrintedToken", () => {
  const cases: { name: string; output: string; token: string | undefined }[] = [
    { name: "on one line", output: screen([TOKEN]), token: TOKEN },
    { name: "hard-wrapped at 80 columns", output: screen([TOKEN.slice(0, 80), TOKEN.slice(80)]), token: TOKEN },
    {
      name: "wrapped at 40 columns, in colour, continuation indented",
      output: screen([
        `${ESC}[33m${TOKEN.slice(0, 40)}`,
        `  ${TOKEN.slice(40, 80)}  `,
        `  ${TOKEN.slice(80)}${ESC}[39m`,
      ]),
      token: TOKEN,
    },
    {
      name: "after the heading on the same line",
      output: `Your OAuth token (valid for 1 year): ${TOKEN}\n\nStore this token securely.`,
      token: TOKEN,
    },
    {
      name: "printed twice (also in the export line)",
      output: `${screen([TOKEN])}\nexport CLAUDE_CODE_OAUTH_TOKEN=${TOKEN}\n`,
      token: TOKEN,
    },
    {
      name: "with LF only and a redrawn line before it",
      output: `Exchanging…${ESC}[1A${ESC}[2K\n${TOKEN}\n`,
      token: TOKEN,
    },
    { name: "two different tokens: ambiguous", output: `${screen([TOKEN])}\n${OTHER}\n`, token: undefined },
    {
      name: "no token at all (a failed login)",
      output: "OAuth error: Invalid code. Please make sure the full code was copied",
      token: undefined,
    },
    {
      name: "only the instructions' placeholder",
      output: "Use this token by setting: export CLAUDE_CODE_OAUTH_TOKEN=<token>",
      token: undefined,
    },
    {
      name: "the prefix inside another word is not a token",
      output: `xsk-ant-oat01-${"a".repeat(95)}\n`,
      token: undefined,
    },
    {
      name: "a wrapped token is not glued to the next token",
      output: `${TOKEN.slice(0, 80)}\n${TOKEN.slice(80)}\n${TOKEN}\n`,
      token: TOKEN,
    },
  ];
  it.each(cases)("$name", ({ output, token }) => {
    expect(findPrintedToken(output)).toBe(token);
  });
});

describe("screenText", () => {
  it("turns cursor moves that stand for blanks into spaces and line breaks, and drops the rest", () => {
    expect(screenText(`OAuth error: Invalid${ESC}[23Gcode.${ESC}[1BNext${ESC}]0;title${ESC}\\ line\r\n`)).toBe(
      "OAuth error: Invalid code.\nNext line\n",
    );
  });

  it("drops colours and other control characters", () => {
    expect(screenText(`${ESC}[1;33mwarn${ESC}[0m\u0007\u0000 ok`)).toBe("warn ok");
  });
});
