// Terminal safety for text read from the user's files (ids, values, paths, lines of a diff): every
// control character is shown as an escape, never written raw, so a hostile or corrupt file can neither
// move the cursor, retitle the window, recolour the report nor hide a line behind a carriage return.
//
// Escaped, not stripped or replaced: the user has to see what is really in the file to find and fix it
// ("anthropic:a\rb", not "anthropic:ab" or "anthropic:a�b", which no search would find). A backslash
// already in the text is shown as it is: ids with backslashes are shown as written, and the JSON output
// is the exact form when the two must be told apart.

/**
 * C0 controls (tab and newline included), DEL, C1 controls, and the Unicode line separators and
 * bidirectional overrides that make a terminal show text in another order than it is written.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_EXCEPT_TAB =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every control character escaped: ESC as `\x1b`, a newline as `\n`, CR as `\r`. */
export function printable(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** The same for a line of a file shown as it is (a diff): a tab is layout there, and is kept. */
export function printableLine(text: string): string {
  return text.replace(CONTROL_EXCEPT_TAB, escapeOne);
}

/**
 * For Markdown text (a list item, a table cell): escaped as above, then the characters that would end a
 * table cell (`|`) or start code, a link or HTML (`` ` ``, `[`, `]`, `<`, `>`) backslash-escaped, and a
 * backslash only where it would escape the next character (CommonMark: before ASCII punctuation), so
 * `\x1b` stays readable in the raw file. Emphasis characters are left: `_` is in every variable name,
 * and the worst they do is italics.
 */
export function markdownText(text: string): string {
  return printable(text).replace(/\\(?=[!-/:-@[-`{-~])|[`<>[\]|]/g, (c) => `\\${c}`);
}

/**
 * For a Markdown code span: escaped as above, inside enough backticks that none in the text ends the
 * span (CommonMark: a run longer than any inside it), padded with a space when the text starts or ends
 * with a backtick. In a table cell a `|` ends the cell even inside code (GFM), so it is escaped there.
 */
export function markdownCode(text: string, { inTable = false } = {}): string {
  const shown = printable(text);
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = shown.startsWith("`") || shown.endsWith("`") ? " " : "";
  const span = `${fence}${pad}${shown}${pad}${fence}`;
  return inTable ? span.replace(/\|/g, "\\|") : span;
}
