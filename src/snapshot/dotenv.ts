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
  if (quote === '"' || quote === "'") {
    const end = rest.indexOf(quote, 1);
    if (end === -1) return undefined;
    const inner = rest.slice(1, end);
    return quote === '"' ? inner.replace(/\\n/g, "\n").replace(/\\"/g, '"') : inner;
  }
  // An unquoted value ends at an inline comment (" #").
  const comment = rest.search(/\s#/);
  return (comment === -1 ? rest : rest.slice(0, comment)).trim();
}

/** Quotes a value for a dotenv line only when it needs it. */
export function formatDotenvLine(key: string, value: string): string {
  return /^[A-Za-z0-9_./:@+-]*$/.test(value) ? `${key}=${value}` : `${key}="${value.replace(/"/g, '\\"')}"`;
}
