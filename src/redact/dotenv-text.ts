// Masks a .env file's text for a diff, reading it as the gateway's dotenv does: the value of a
// secret-named variable, every line of a value spanning lines (or taken from the next line), any value
// holding a known secret however it is escaped, and every line dotenv skips are replaced, each by the
// same text in the old and the new file. Keys, comments and line breaks stay, known secrets masked.
import { fingerprint } from "../auth/fingerprint.js";
import { isSecretName } from "../secrets.js";
import { parseDotenv, type DotenvEntry } from "../snapshot/dotenv.js";
import { maskOutput } from "./mask-output.js";

interface Replacement {
  start: number;
  end: number;
  text: string;
}

export function maskDotenvText(text: string, secrets: readonly string[]): string {
  const parsed = parseDotenv(text);
  const lines = lineRanges(text);
  const replacements: Replacement[] = parsed.entries.map((entry) => maskValue(text, entry, lines, secrets));
  for (const problem of parsed.problems) {
    if (problem.kind !== "skipped") continue;
    const [start, end] = lines[problem.line - 1];
    replacements.push({ start, end, text: hidden(text.slice(start, end)) }); // whatever it holds is shown as its fingerprint only
  }
  replacements.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const { start, end, text: replacement } of replacements) {
    out += maskOutput(text.slice(at, start), secrets) + replacement;
    at = end;
  }
  return out + maskOutput(text.slice(at), secrets);
}

function maskValue(
  text: string,
  entry: DotenvEntry,
  lines: Array<[number, number]>,
  secrets: readonly string[],
): Replacement {
  const start = entry.rawStart + (entry.quote ? 1 : 0);
  const end = entry.rawEnd - (entry.quote ? 1 : 0);
  const inner = text.slice(start, end);
  // A value spanning lines is a key or a certificate, whatever its name: each line of it is hidden.
  if (/[\r\n]/.test(inner) || lineAt(lines, entry.rawStart) !== entry.line)
    return {
      start,
      end,
      text: inner
        .split(/(\r\n|\n|\r)/)
        .map((piece, i) => (i % 2 ? piece : hidden(piece)))
        .join(""),
    };
  if (isSecretName(entry.key) && inner.length > 0) return { start, end, text: fingerprint(inner) };
  // The value as written, as dotenv reads it, and as a shell would unescape it: any holding a known secret hides it.
  const readings = [entry.value, inner.replace(/\\(.)/g, "$1")];
  if (readings.some((reading) => maskOutput(reading, secrets) !== reading)) return { start, end, text: hidden(inner) };
  return { start, end, text: maskOutput(inner, secrets) };
}

/** Each line's [start, end) without its line break (CRLF, LF or a lone CR, as dotenv counts lines). */
function lineRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let found = breaks.exec(text); found !== null; found = breaks.exec(text)) {
    ranges.push([start, found.index]);
    start = breaks.lastIndex;
  }
  ranges.push([start, text.length]);
  return ranges;
}

/** The 1-based line holding an offset. */
function lineAt(lines: Array<[number, number]>, offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle][0] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** A piece of a line that may be a secret: its fingerprint, the same in the old and the new file. */
function hidden(text: string): string {
  return text === "" ? "" : `‹hidden: ${fingerprint(text)}›`;
}
