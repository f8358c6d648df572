// The token `claude setup-token` prints, found in what its terminal showed. The real command draws
// with Ink: colours, cursor moves instead of spaces, and the token hard-wrapped at the terminal's
// width (a newline inside it, the next part sometimes indented), then a blank line and prose:
//
//   ✓ Long-lived authentication token created successfully!
//
//   Your OAuth token (valid for 1 year):
//
//   sk-ant-oat01-…(80 columns)
//   …rest of it AA
//
//   Store this token securely. You won't be able to see it again.
//   Use this token by setting: export CLAUDE_CODE_OAUTH_TOKEN=<token>
import { SETUP_TOKEN_PREFIX } from "./providers.js";

/** The characters a setup-token is made of. */
const TOKEN_CHAR = /[A-Za-z0-9_-]/;
const TOKEN_RUN = /^[A-Za-z0-9_-]+/;
const WHOLE_RUN = /^[A-Za-z0-9_-]+$/;

/**
 * The one token the output shows, or undefined when it shows none or two different ones (then the
 * user is asked). Linear in the output's length.
 */
export function findPrintedToken(output: string): string | undefined {
  const lines = screenText(output).split("\n");
  const found = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    let start = lines[i].indexOf(SETUP_TOKEN_PREFIX);
    while (start !== -1) {
      // "…=sk-ant-oat01-x" counts; "xsk-ant-oat01-" is part of something else.
      if (start === 0 || !TOKEN_CHAR.test(lines[i][start - 1])) {
        const { token, lastLine } = readToken(lines, i, start);
        found.add(token);
        if (lastLine > i) {
          i = lastLine; // its other lines hold nothing but the rest of it
          break;
        }
      }
      start = lines[i].indexOf(SETUP_TOKEN_PREFIX, start + SETUP_TOKEN_PREFIX.length);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** The token starting at lines[i][start], joined across the line breaks the terminal put in it. */
function readToken(lines: string[], i: number, start: number): { token: string; lastLine: number } {
  let token = TOKEN_RUN.exec(lines[i].slice(start))![0];
  let line = i;
  // A wrapped token fills its line (padding aside) and goes on in the next one, which holds nothing but
  // token characters; the blank line or the prose after it ends it.
  let rest = lines[i].slice(start + token.length);
  while (rest.trim() === "" && line + 1 < lines.length && isContinuation(lines[line + 1].trim())) {
    line += 1;
    token += lines[line].trim();
    rest = "";
  }
  return { token, lastLine: line };
}

function isContinuation(line: string): boolean {
  return WHOLE_RUN.test(line) && !line.startsWith(SETUP_TOKEN_PREFIX);
}

/**
 * What a terminal would show as text: escape sequences removed, cursor moves that stand for blanks
 * turned into a space or a line break, carriage returns into line breaks.
 */
export function screenText(output: string): string {
  return (
    output
      // OSC (titles, hyperlinks): ESC ] … BEL or ESC \.
      .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, "")
      // CSI: ESC [ parameters intermediates final. Moves right or to a column stand for spaces; moves
      // down, to a next line or to a row stand for line breaks; the rest (colours, erases) for nothing.
      .replace(/\u001b\[[0-?]*[ -/]*([@-~])/g, (_all, final: string) =>
        "CG".includes(final) ? " " : "BEHf".includes(final) ? "\n" : "",
      )
      // Other two-character escapes (charset selection, keypad modes).
      .replace(/\u001b[@-Z\\-_]|\u001b[()][0-9A-Za-z]/g, "")
      .replace(/\r\n?/g, "\n")
      .replace(/\t/g, " ")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
  );
}
