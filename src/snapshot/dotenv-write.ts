// Writes KEY=value lines that the gateway's dotenv reads back as exactly `value`
// (test/snapshot/dotenv-write.test.ts checks that against the real dotenv.parse).
import { UserError } from "../errors.js";
import { parseDotenv } from "./dotenv.js";

/** A value dotenv has no way to read back (or a name it would not read as one variable). */
export class DotenvValueError extends UserError {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLAIN = /^[A-Za-z0-9_./:@+=,-]+$/;

/**
 * The line for KEY=value, or undefined when dotenv cannot hold the value. dotenv unescapes only \n and
 * \r (in double quotes), never \" or \\, and a quote preceded by a backslash may not close a value, so:
 * plain when it can be, else single quotes (the same to a shell), else double quotes with \n and \r
 * escapes, else a quoted value spanning lines, else unquoted.
 */
function dotenvLine(key: string, value: string): string | undefined {
  if (PLAIN.test(value)) return `${key}=${value}`;
  const endsInBackslash = value.endsWith("\\");
  const canQuote = (quote: string) => !value.includes(quote) && !value.includes("\r") && !endsInBackslash;
  if (canQuote("'") && !value.includes("\n")) return `${key}='${value}'`;
  if (!value.includes('"') && !/\\[nr]/.test(value) && !endsInBackslash)
    return `${key}="${value.replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;
  for (const quote of ["'", "`"]) if (canQuote(quote)) return `${key}=${quote}${value}${quote}`;
  // Unquoted, dotenv reads the rest of the line, trimmed, up to a #; a leading quote would open a quoted value.
  if (!/[#\r\n]/.test(value) && value === value.trim() && !/^['"`]/.test(value)) return `${key}=${value}`;
  return undefined;
}

export function canWriteDotenvValue(value: string): boolean {
  return dotenvLine("K", value) !== undefined;
}

/** KEY=value as the gateway reads it back; refuses what dotenv cannot read back. */
export function formatDotenvLine(key: string, value: string): string {
  if (!NAME.test(key))
    throw new DotenvValueError(
      `${JSON.stringify(key)} is not a variable name for .env (letters, digits and _, not starting with a digit)`,
    );
  const line = dotenvLine(key, value);
  if (line === undefined) {
    throw new DotenvValueError(
      `the value for ${key} cannot be written to .env so that the gateway reads it back: dotenv has no escape for it ` +
        `(a carriage return, or ', " and \` quotes together with a line break, a # or a trailing backslash); set it in the daemon's unit or plist instead`,
    );
  }
  return line;
}

/**
 * Sets KEY in dotenv text: the last assignment of it is replaced (earlier ones are removed, so the
 * file says one thing), or a line is appended; with `value` undefined every assignment is removed.
 * Assignments are found as dotenv reads them (a quoted value may span lines); every other line is
 * kept byte for byte.
 */
export function setDotenvValue(text: string, key: string, value: string | undefined): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const line = value === undefined ? undefined : formatDotenvLine(key, value);
  // Each line with its line break: CRLF, LF or a lone CR, as dotenv counts lines.
  const lines = text === "" ? [] : text.split(/(?<=\r\n|\n|\r(?!\n))/);
  const own = parseDotenv(text).entries.filter((entry) => entry.key === key);
  const replaced = new Map<number, string>();
  for (const entry of own) for (let n = entry.line; n <= entry.endLine; n++) replaced.set(n, "");
  const last = own.at(-1);
  if (last && line !== undefined) replaced.set(last.line, line + eol);
  const kept = lines.map((text, index) => replaced.get(index + 1) ?? text);
  if (!last && line !== undefined) {
    if (kept.length > 0 && !/[\r\n]$/.test(kept[kept.length - 1])) kept.push(eol);
    kept.push(line + eol);
  }
  return kept.join("");
}
