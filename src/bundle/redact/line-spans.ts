// Redaction of many lines given as one text, that hands back what no stage changes as spans of that
// text: a log's lines come out as the redactor would make them one by one (the same bytes, the same
// placeholders, the same counts), but a line no stage reacts to is never made a string of its own
// (the caller copies its bytes), and the known secrets are searched once in the whole text, not
// once per line. The one order that matters is kept: a secret a line teaches (a password in a URL)
// is looked for, line by line, in every line after it.
import type { SecretMatch } from "../../redact/matcher.js";
import { Gate } from "./gates.js";

/** Where the redacted text goes: spans of the text as they are, and the lines that changed. */
export interface SpanSink {
  /** text[from, to) is output as it is (newlines between lines included). */
  keep(from: number, to: number): void;
  /** A changed line, in place of its text (its newline is in the next span). */
  put(line: string): void;
}

/** The known secrets' matches that fall in one line: matches[from, to), at `offset` in the text. */
export interface KnownInLine {
  matches: readonly SecretMatch[];
  from: number;
  to: number;
  offset: number;
}

/** What the walk needs of the redactor (Redactor implements it). */
export interface LineStages {
  /** The gates of each line (gatesOfText). */
  gatesOfText(text: string, starts: Int32Array): Uint16Array;
  /** Every match of a known secret in the text, leftmost first. */
  findKnown(text: string): SecretMatch[];
  /** How many secrets are known: it grows when a line teaches one. */
  knownCount(): number;
  /** One line through the stages its gates open; `known`: its matches, when they still hold. */
  redactGated(line: string, gates: number, known?: KnownInLine): string;
}

/**
 * Redacts the lines of `text` (separated by "\n"; a line's final "\r" is dropped, as
 * forEachLine drops it) into `sink`, in order; returns how many lines there were.
 */
export function redactLinesOf(stages: LineStages, text: string, sink: SpanSink): number {
  const starts = lineStarts(text);
  const count = starts.length - 1;
  const gates = stages.gatesOfText(text, starts);
  const matches = stages.findKnown(text);
  const knownAtStart = stages.knownCount();
  // A match across a line's end (a secret with a newline in it) is no line's: then every line is
  // searched on its own, as redactLine would.
  const perLine = !eachInOneLine(text, starts, matches);
  let copyFrom = 0;
  let next = 0; // the first match not in a line before this one
  for (let i = 0; i < count; i++) {
    const start = starts[i];
    const newline = starts[i + 1] - 1;
    const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    let last = next;
    while (last < matches.length && matches[last].start < newline) last++;
    const learned = stages.knownCount() !== knownAtStart;
    let changed: string | undefined;
    if (gates[i] !== 0 || last > next || learned || perLine) {
      const line = text.slice(start, end);
      // The home is replaced before the secrets are searched: a line with it is searched again.
      const reuse = !perLine && !learned && (gates[i] & Gate.home) === 0;
      const out = stages.redactGated(
        line,
        gates[i],
        reuse ? { matches, from: next, to: last, offset: start } : undefined,
      );
      if (out !== line) changed = out;
    }
    next = last;
    if (changed !== undefined) {
      if (start > copyFrom) sink.keep(copyFrom, start);
      sink.put(changed);
      copyFrom = newline;
    } else if (end !== newline) {
      sink.keep(copyFrom, end); // the "\r" is left out
      copyFrom = newline;
    }
  }
  if (text.length > copyFrom) sink.keep(copyFrom, text.length);
  return count;
}

/** Where each line starts, and text.length + 1 at the end (see gatesOfText). */
function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) count++;
  const starts = new Int32Array(count + 1);
  for (let i = 1, nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) starts[i++] = nl + 1;
  starts[count] = text.length + 1;
  return starts;
}

/** Whether every match (leftmost first) ends in the line it starts in, before the line's "\r". */
function eachInOneLine(text: string, starts: Int32Array, matches: readonly SecretMatch[]): boolean {
  let line = 0;
  for (const match of matches) {
    while (starts[line + 1] <= match.start) line++;
    const newline = starts[line + 1] - 1;
    const end = newline > starts[line] && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    if (match.end > end) return false;
  }
  return true;
}
