// How a POSIX shell reads one .env line when the file is sourced (`set -a; . ./.env`), for the lines
// where that is a plain assignment; otherwise why it is not. Only what a .env line needs: quotes,
// backslashes, comments, and the expansions and operators a value should not hold.

export type ShellReading = { value: string } | { differs: string };

const HEAD = /^\s*(export\s+)?([\w.-]+)(\s*)(=|:\s)/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What follows a `$` that the shell expands: a name, ${…}, $(…), a positional or special parameter. */
const EXPANDED = /[A-Za-z_{(0-9@*#?$!-]/;

/** The shell's reading of a line dotenv reads as an assignment; undefined when a quote runs past the line. */
export function readShellAssignment(line: string): ShellReading | undefined {
  const head = HEAD.exec(line);
  if (!head) return undefined;
  const [all, , key, spaces, separator] = head;
  if (separator !== "=")
    return { differs: `"${key}:" is not an assignment to a shell, which runs ${key} as a command` };
  if (spaces) return { differs: `the space before = makes a shell run ${key} as a command` };
  if (!NAME.test(key)) return { differs: `${key} is not a shell variable name` };
  return readWord(line.slice(all.length));
}

function readWord(rest: string): ShellReading | undefined {
  let value = "";
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === " " || c === "\t") {
      const after = rest.slice(i).trim();
      return after === "" || after.startsWith("#")
        ? { value }
        : { differs: "a shell ends the value at the first unquoted space and runs the rest of the line as a command" };
    }
    if (c === "\\") {
      if (i + 1 === rest.length) return { differs: "a trailing backslash joins the next line for a shell" };
      value += rest[++i];
    } else if (c === "'") {
      const end = rest.indexOf("'", i + 1);
      if (end === -1) return undefined;
      value += rest.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const quoted = readDoubleQuoted(rest, i + 1);
      if (quoted === undefined || "differs" in quoted) return quoted;
      value += quoted.value;
      i = quoted.end;
    } else {
      const problem = unquotedProblem(rest, i);
      if (problem) return { differs: problem };
      value += c;
    }
  }
  return { value };
}

function unquotedProblem(rest: string, i: number): string | undefined {
  const c = rest[i];
  if (c === "$" && EXPANDED.test(rest[i + 1] ?? "")) return "a shell expands the $ (dotenv does not)";
  if (c === "`") return "a shell runs what is in backticks as a command (dotenv reads them as quotes)";
  if (";&|<>()".includes(c)) return `"${c}" ends the assignment for a shell`;
  if (c === "~" && i === 0) return "a shell expands the leading ~ to a home directory (dotenv does not)";
  return undefined;
}

/** Inside "…": a backslash escapes only $ ` " \ ; $ and ` still expand. */
function readDoubleQuoted(
  rest: string,
  start: number,
): ({ value: string; end: number } | { differs: string }) | undefined {
  let value = "";
  for (let i = start; i < rest.length; i++) {
    const c = rest[i];
    if (c === '"') return { value, end: i };
    if (c === "\\" && i + 1 < rest.length && '$`"\\'.includes(rest[i + 1])) value += rest[++i];
    else if (c === "$" && EXPANDED.test(rest[i + 1] ?? ""))
      return { differs: "a shell expands the $ (dotenv does not)" };
    else if (c === "`")
      return { differs: "a shell runs what is in backticks as a command (dotenv reads them as text)" };
    else value += c;
  }
  return undefined;
}
