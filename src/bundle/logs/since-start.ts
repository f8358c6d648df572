// Where `--since` starts reading a log, found by a binary search over byte offsets: a gateway writes
// its lines in time order, so the first recent line is found by reading a few windows of the file
// (seek, read, go to the next line start, read its time) instead of every line before it. The search
// only ever says where a linear read may start without losing a line; the lines from there on are
// still chosen one by one (select-lines.ts), exactly as a scan from the start would choose them.
import type { FileHandle } from "node:fs/promises";
import { MAX_LINE_BYTES, timeOfLine } from "./select-lines.js";

export interface SinceSearchOptions {
  /** The search stops when the range left is this small, and reads it linearly. */
  window?: number;
  /** How far a probe reads to find a dated line. */
  probeLimit?: number;
  /** How far back in time a line may be from an earlier one and the file still count as ordered. */
  slackMs?: number;
  maxLineBytes?: number;
}

export interface SinceStart {
  /** The offset (a line start) to read from: no line before it is at or after `since`. */
  offset: number;
  /** "search": found by the binary search; "scan": read from the start (small, unordered or undated). */
  how: "search" | "scan";
  /** The times were seen in order: lines after one at or after this time need no time read (SelectOptions.settleAfter). */
  settleAfter?: number;
}

const WINDOW = 64 * 1024;
const PROBE_LIMIT = 1024 * 1024;
/** Clocks step back a little (NTP, several writers): lines out of order by up to this much are fine. */
const SLACK_MS = 60_000;
/** Offsets sampled across the file before the search, to see that its times are in order. */
const SAMPLES = 8;

interface DatedLine {
  start: number;
  time: number;
}

/**
 * The offset to read from for the lines at or after `since`. The file is taken as ordered when the
 * dated lines read by the probes, SAMPLES evenly spread ones and the search's own, each probe reading
 * a window of lines, are in time order by offset (a line may be up to `slackMs` older than one before
 * it). Anything else (a probe's lines out of order, fewer than two dated samples: a file without
 * parseable times) makes it a linear scan from the start. The search aims at `since - slackMs`, so a
 * line slightly out of order before the boundary is read too.
 */
export async function findSinceStart(
  file: FileHandle,
  size: number,
  since: number,
  options: SinceSearchOptions = {},
): Promise<SinceStart> {
  const window = options.window ?? WINDOW;
  const slack = options.slackMs ?? SLACK_MS;
  const scan: SinceStart = { offset: 0, how: "scan" };
  if (size <= 4 * window) return scan;
  const probe = new Prober(
    file,
    size,
    window,
    options.probeLimit ?? PROBE_LIMIT,
    options.maxLineBytes ?? MAX_LINE_BYTES,
  );
  const seen: DatedLine[] = [];
  const inOrder = (lines: DatedLine[]) => {
    seen.push(...lines);
    seen.sort((a, b) => a.start - b.start);
    for (let i = 1; i < seen.length; i++) if (seen[i].time < seen[i - 1].time - slack) return false;
    return true;
  };
  const target = since - slack;
  let lo = 0; // a line start: reading from here loses nothing
  let hi = size; // the first line at or after `target` starts at or before the first dated line after hi
  const step = async (at: number): Promise<boolean> => {
    const lines = await probe.datedLinesAfter(at);
    if (!inOrder(lines)) return false;
    const first = lines[0];
    if (first !== undefined && first.time < target) lo = Math.max(lo, first.start);
    else hi = Math.min(hi, at); // no dated line found (or a recent one): the start is before, never lost
    return true;
  };
  for (let i = 0; i < SAMPLES; i++) if (!(await step(Math.floor((size * i) / SAMPLES)))) return scan;
  if (seen.length < 2) return scan;
  while (hi - lo > window) if (!(await step(lo + Math.floor((hi - lo) / 2)))) return scan;
  return { offset: lo, how: lo === 0 ? "scan" : "search", settleAfter: since + slack };
}

/** Reads the file around an offset and gives the dated lines found there, as select-lines.ts dates them. */
class Prober {
  constructor(
    private readonly file: FileHandle,
    private readonly size: number,
    private readonly window: number,
    private readonly limit: number,
    private readonly maxLine: number,
  ) {}

  /** The dated lines starting at or after `at`, from the first window of the file that has one; [] if none within the limit. */
  async datedLinesAfter(at: number): Promise<DatedLine[]> {
    // One byte before: a line starts at `at` only if the byte before it ends a line.
    const base = Math.max(at - 1, 0);
    let buffer = Buffer.alloc(0);
    let line = at === 0 ? 0 : -1; // the next line start in `buffer`, once known
    const found: DatedLine[] = [];
    while (buffer.length < this.limit && base + buffer.length < this.size) {
      const more = await this.read(base + buffer.length, Math.min(this.window, this.size - base - buffer.length));
      if (more.length === 0) break; // the file shrank (rotated) since its size was taken
      buffer = Buffer.concat([buffer, more]);
      const atEnd = base + buffer.length >= this.size;
      if (line === -1) {
        const newline = buffer.indexOf(10);
        if (newline === -1) continue;
        line = newline + 1;
      }
      while (line < buffer.length) {
        const newline = buffer.indexOf(10, line);
        const end = newline === -1 ? buffer.length : newline;
        // A line's time is read from its first maxLine bytes: without its end, that is enough.
        if (newline === -1 && !atEnd && end - line < this.maxLine) break;
        const time = timeOfLine(buffer, line, end, newline !== -1 || atEnd, this.maxLine);
        if (time !== undefined) found.push({ start: base + line, time });
        if (newline === -1) {
          line = buffer.length + 1; // the line goes on past what was read: nothing after it is known
          break;
        }
        line = newline + 1;
      }
      if (found.length > 0 || line > buffer.length) return found;
    }
    return found;
  }

  private async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.file.read(buffer, got, length - got, position + got);
      if (bytesRead === 0) break; // the file shrank (rotated): what is there is what there is
      got += bytesRead;
    }
    return buffer.subarray(0, got);
  }
}
