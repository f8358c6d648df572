// Parses a dotenv file the way the gateway reads it: KEY=value, optional `export `, quotes, comments.

export interface DotenvProblem {
  line: number;
  message: string;
}

export interface ParsedDotenv {
  vars: Record<string, string>;
  /** The line each variable was last assigned on. */
  lines: Record<string, number>;
  problems: DotenvProblem[];
}

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

export function parseDotenv(text: string): ParsedDotenv {
  const vars: Record<string, string> = {};
  const lines: Record<string, number> = {};
  const problems: DotenvProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const match = ASSIGNMENT.exec(trimmed);
    if (!match) {
      problems.push({ line, message: "not a KEY=value line" });
      return;
    }
    const [, key, rest] = match;
    const value = parseValue(rest);
    if (value === undefined) {
      problems.push({ line, message: `the value of ${key} has an unclosed quote` });
      return;
    }
    vars[key] = value;
    lines[key] = line;
  });
  return { vars, lines, problems };
}

function parseValue(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === "'") {
    const end = rest.indexOf("'", 1);
    return end === -1 ? undefined : rest.slice(1, end);
  }
  if (quote === '"') {
    let value = "";
    for (let i = 1; i < rest.length; i++) {
      const char = rest[i];
      if (char === '"') return value;
      if (char === "\\" && i + 1 < rest.length) {
        const next = rest[++i];
        value += next === "n" ? "\n" : next;
      } else value += char;
    }
    return undefined;
  }
  // An unquoted value ends at an inline comment (" #").
  const comment = rest.search(/\s#/);
  return (comment === -1 ? rest : rest.slice(0, comment)).trim();
}

/** Quotes a value for a dotenv line only when it needs it; parseDotenv reads back exactly `value`. */
export function formatDotenvLine(key: string, value: string): string {
  if (/^[A-Za-z0-9_./:@+-]*$/.test(value)) return `${key}=${value}`;
  return `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * Sets KEY in dotenv text: the last line assigning it is replaced (earlier duplicates are removed, so
 * the file says one thing), or a line is appended; with `value` undefined every assignment is removed.
 * Comments and every other line are kept byte for byte.
 */
export function setDotenvValue(text: string, key: string, value: string | undefined): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.split(/\r?\n/);
  const trailing = lines.length > 0 && lines[lines.length - 1] === "" ? lines.pop() : undefined;
  const assigns = (line: string) => ASSIGNMENT.exec(line.trim())?.[1] === key;
  const last = lines.map(assigns).lastIndexOf(true);
  const kept = lines.flatMap((line, index) => {
    if (!assigns(line)) return [line];
    return index === last && value !== undefined ? [formatDotenvLine(key, value)] : [];
  });
  if (last === -1 && value !== undefined) kept.push(formatDotenvLine(key, value));
  return kept.join(eol) + (kept.length || trailing !== undefined ? eol : "");
}
