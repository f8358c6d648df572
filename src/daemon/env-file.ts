// A file named by EnvironmentFile=, read the way systemd reads it (src/basic/env-file.c), which is not
// quite the way a shell or the gateway's .env loader does: the daemon's process sees systemd's reading.

export interface EnvFileEntry {
  key: string;
  value: string;
  /** The line the assignment starts on (1-based). */
  line: number;
}

export interface EnvFileParse {
  entries: EnvFileEntry[];
  /** Assignments systemd drops (a name it does not accept, such as `export KEY`), by line. */
  ignored: { line: number; message: string }[];
}

const WHITESPACE = " \t\n\r";
const NEWLINE = "\n\r";
const COMMENTS = "#;";
const SHELL_NEED_ESCAPE = '"\\`$';

type State =
  | "pre-key"
  | "key"
  | "pre-value"
  | "value"
  | "value-escape"
  | "single"
  | "double"
  | "double-escape"
  | "comment"
  | "comment-escape";

/** Before this version a comment line ending in a backslash continues onto (swallows) the next line. */
const COMMENT_STOPS_AT_NEWLINE_SINCE = 254;

/** `version`: the systemd that reads the file; undefined reads it the way the newest systemd does. */
export function parseEnvironmentFile(text: string, version?: number): EnvFileParse {
  const commentContinues = version !== undefined && version < COMMENT_STOPS_AT_NEWLINE_SINCE;
  const raw: { key: string; value: string; line: number }[] = [];
  /** Lines an older systemd reads as part of a comment, with the line that comment starts on. */
  const swallowed: { line: number; comment: number }[] = [];
  let commentLine = 1;
  let state: State = "pre-key";
  let key = "";
  let value = "";
  let keyTrailing = -1; // where trailing whitespace of the key starts, or -1
  let valueTrailing = -1;
  let line = 1;
  let keyLine = 1;
  const push = (chompValue: boolean) => {
    const k = keyTrailing === -1 ? key : key.slice(0, keyTrailing);
    const v = chompValue && valueTrailing !== -1 ? value.slice(0, valueTrailing) : value;
    raw.push({ key: k, value: v, line: keyLine });
    key = "";
    value = "";
  };
  for (const c of text) {
    switch (state) {
      case "pre-key":
        if (COMMENTS.includes(c)) {
          state = "comment";
          commentLine = line;
        } else if (!WHITESPACE.includes(c)) {
          state = "key";
          keyTrailing = -1;
          keyLine = line;
          key = c;
        } else if (c === "\n") line++;
        break;
      case "key":
        if (NEWLINE.includes(c)) {
          state = "pre-key";
          if (c === "\n") line++;
          key = "";
        } else if (c === "=") {
          state = "pre-value";
          valueTrailing = -1;
        } else {
          if (!WHITESPACE.includes(c)) keyTrailing = -1;
          else if (keyTrailing === -1) keyTrailing = key.length;
          key += c;
        }
        break;
      case "pre-value":
        if (NEWLINE.includes(c)) {
          state = "pre-key";
          push(false);
          if (c === "\n") line++;
        } else if (c === "'") state = "single";
        else if (c === '"') state = "double";
        else if (c === "\\") state = "value-escape";
        else if (!WHITESPACE.includes(c)) {
          state = "value";
          value += c;
        }
        break;
      case "value":
        if (NEWLINE.includes(c)) {
          state = "pre-key";
          push(true);
          if (c === "\n") line++;
        } else if (c === "\\") {
          state = "value-escape";
          valueTrailing = -1;
        } else {
          if (!WHITESPACE.includes(c)) valueTrailing = -1;
          else if (valueTrailing === -1) valueTrailing = value.length;
          value += c;
        }
        break;
      case "value-escape":
        state = "value";
        if (!NEWLINE.includes(c))
          value += c; // an escaped newline is eaten up entirely
        else if (c === "\n") line++;
        break;
      case "single":
        if (c === "'") state = "pre-value";
        else {
          if (c === "\n") line++;
          value += c;
        }
        break;
      case "double":
        if (c === '"') state = "pre-value";
        else if (c === "\\") state = "double-escape";
        else {
          if (c === "\n") line++;
          value += c;
        }
        break;
      case "double-escape":
        state = "double";
        if (SHELL_NEED_ESCAPE.includes(c)) value += c;
        else if (c !== "\n")
          value += "\\" + c; // like a shell: the backslash stays
        else line++;
        break;
      case "comment":
        if (c === "\\") state = "comment-escape";
        else if (NEWLINE.includes(c)) {
          state = "pre-key";
          if (c === "\n") line++;
        }
        break;
      case "comment-escape":
        // Since systemd v254 a backslash does not continue a comment onto the next line; before, any
        // character after it stays in the comment, a newline too (src/basic/env-file.c, COMMENT_ESCAPE).
        if (commentContinues) {
          state = "comment";
          if (c === "\n") swallowed.push({ line: ++line, comment: commentLine });
        } else if (NEWLINE.includes(c)) {
          state = "pre-key";
          if (c === "\n") line++;
        } else state = "comment";
        break;
    }
  }
  if (["pre-value", "value", "value-escape", "single", "double", "double-escape"].includes(state))
    push(state === "value");

  const entries: EnvFileEntry[] = [];
  const ignored: EnvFileParse["ignored"] = [];
  for (const entry of raw) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.key)) entries.push(entry);
    else
      ignored.push({
        line: entry.line,
        message: `"${entry.key}" is not a variable name systemd accepts; the line is ignored`,
      });
  }
  const lines = swallowed.length ? text.split("\n") : [];
  for (const { line, comment } of swallowed) {
    const content = (lines[line - 1] ?? "").trim();
    if (content === "" || COMMENTS.includes(content[0])) continue; // nothing lost
    ignored.push({
      line,
      message: `systemd ${version} reads this line as part of the comment on line ${comment}, which ends in a backslash (systemd 254 and later do not); the line is ignored`,
    });
  }
  ignored.sort((a, b) => a.line - b.line);
  return { entries, ignored };
}
