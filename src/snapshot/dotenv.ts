// Reads a dotenv file as the gateway does: the values are the `dotenv` package's own parse (the
// gateway's reader, bundled); where each assignment sits in the file, for findings and masking,
// comes from a port of that parse (its LINE regex and its unquoting), which dotenv cannot tell.
// test/snapshot/dotenv-reference.test.ts checks that the two agree on every value.
import dotenv from "dotenv";

export interface DotenvProblem {
  /** "skipped": dotenv reads nothing from the line; "quotes-kept": it reads the value with its quotes. */
  kind: "skipped" | "quotes-kept";
  line: number;
  message: string;
}

/** One assignment as dotenv matched it. Offsets are into the original text (CRLF kept). */
export interface DotenvEntry {
  key: string;
  /** What the gateway reads. */
  value: string;
  /** The line the key is on, and the last line the assignment covers (a quoted value may span lines). */
  line: number;
  endLine: number;
  /** The value as written: from its first to its last non-blank character, quotes included. */
  rawStart: number;
  rawEnd: number;
  /** The quote dotenv removed around the value, if any. */
  quote?: "'" | '"' | "`";
}

export interface ParsedDotenv {
  vars: Record<string, string>;
  /** The line each variable was last assigned on. */
  lines: Record<string, number>;
  /** Every assignment, in file order (duplicates included: the last one wins). */
  entries: DotenvEntry[];
  problems: DotenvProblem[];
}

// dotenv's own LINE regex (lib/main.js). Not with the `d` flag for offsets: it made reading 10x slower.
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;
const QUOTED = /^(['"`])([\s\S]*)\1$/gm;

export function parseDotenv(text: string): ParsedDotenv {
  const source = normalise(text);
  const lineOf = lineFinder(source.text);
  const vars: Record<string, string> = {};
  const lines: Record<string, number> = {};
  const entries: DotenvEntry[] = [];
  const covered: Array<[number, number]> = [];
  LINE.lastIndex = 0;
  for (let match = LINE.exec(source.text); match !== null; match = LINE.exec(source.text)) {
    const key = match[1];
    const group = match[2] ?? "";
    const raw = group.trim();
    const keyStart = keyOffset(source.text, match.index, key);
    const groupStart = separatorEnd(source.text, keyStart + key.length);
    const rawStart = groupStart + (group.length - group.trimStart().length);
    const rawEnd = rawStart + raw.length;
    let value = raw.replace(QUOTED, "$2");
    if (raw[0] === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
    const line = lineOf(keyStart);
    const endLine = raw === "" ? line : lineOf(rawEnd - 1);
    const entry: DotenvEntry = {
      key,
      value,
      line,
      endLine,
      rawStart: source.original(rawStart),
      rawEnd: source.original(rawEnd),
    };
    if (value !== raw) entry.quote = raw[0] as DotenvEntry["quote"];
    entries.push(entry);
    covered.push([line, Math.max(endLine, lineOf(commentEnd(source.text, rawEnd)))]);
    // dotenv assigns to a plain object, where "__proto__" sets nothing.
    if (key === "__proto__") continue;
    vars[key] = value;
    lines[key] = line;
  }
  // What the gateway reads is dotenv's answer, whatever the port says: the port only places it.
  const read = dotenv.parse(text);
  for (const key of Object.keys(vars)) if (vars[key] !== read[key]) delete lines[key];
  return { vars: read, lines, entries, problems: findProblems(source.text, entries, covered) };
}

const LEADING = /\s*/y;
const EXPORT = /\s*export\s+/y;
const SEPARATOR = /\s*=|:\s/y;

/**
 * Where the key starts: after the blanks the match starts with, and after `export ` when that is
 * what the regex took (then the key follows it with its separator; `export=1` assigns "export").
 */
function keyOffset(text: string, matchStart: number, key: string): number {
  EXPORT.lastIndex = matchStart;
  if (EXPORT.test(text) && text.startsWith(key, EXPORT.lastIndex) && separatorAt(text, EXPORT.lastIndex + key.length))
    return EXPORT.lastIndex;
  LEADING.lastIndex = matchStart;
  LEADING.test(text);
  return LEADING.lastIndex;
}

function separatorAt(text: string, at: number): boolean {
  SEPARATOR.lastIndex = at;
  return SEPARATOR.test(text);
}

/**
 * Where dotenv's value group starts: right after `=` (its lazy \s*? takes nothing, as the rest of
 * the regex always matches from there) or after `:` and one blank.
 */
function separatorEnd(text: string, keyEnd: number): number {
  SEPARATOR.lastIndex = keyEnd;
  SEPARATOR.test(text);
  return SEPARATOR.lastIndex;
}

/** Lines dotenv skips, and values whose quotes it keeps. */
function findProblems(text: string, entries: DotenvEntry[], covered: Array<[number, number]>): DotenvProblem[] {
  const problems: DotenvProblem[] = [];
  const inEntry = new Set<number>();
  for (const [first, last] of covered) for (let line = first; line <= last; line++) inEntry.add(line);
  text.split("\n").forEach((body, index) => {
    const trimmed = body.trim();
    if (trimmed === "" || trimmed.startsWith("#") || inEntry.has(index + 1)) return;
    problems.push({ kind: "skipped", line: index + 1, message: "not a KEY=value line; the gateway skips the line" });
  });
  for (const entry of entries) {
    const first = entry.quote ? undefined : openingQuote(entry.value);
    if (first === undefined) continue;
    problems.push({
      kind: "quotes-kept",
      line: entry.line,
      message: `the value of ${entry.key} starts with a ${first} quote that does not end it; the gateway reads the quotes as part of the value`,
    });
  }
  return problems.sort((a, b) => a.line - b.line);
}

function openingQuote(value: string): string | undefined {
  const c = value[0];
  return c === "'" || c === '"' || c === "`" ? c : undefined;
}

/** Where the line holding `offset` ends (a comment after a value belongs to its assignment). */
function commentEnd(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
}

/**
 * dotenv reads CRLF and a lone CR as LF. The normalised text is what the regex sees; `original` maps
 * an offset in it back to the file, where each CRLF is one character longer.
 */
function normalise(text: string): { text: string; original: (offset: number) => number } {
  const crlf: number[] = [];
  let removed = 0;
  const normalised = text.replace(/\r\n?/g, (found, at: number) => {
    if (found.length === 2) crlf.push(at - removed++);
    return "\n";
  });
  return { text: normalised, original: (offset) => offset + countBelow(crlf, offset) };
}

/** The 1-based line of an offset. */
function lineFinder(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) breaks.push(at);
  return (offset) => countBelow(breaks, offset) + 1;
}

/** How many of the sorted numbers are below `limit`. */
function countBelow(sorted: number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
