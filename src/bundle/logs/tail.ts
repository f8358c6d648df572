// Where the last N lines of a file start, found by reading backwards from the end in chunks: a 1 GB
// log costs the few chunks its tail spans, never the whole file, and never more than one chunk of memory
// (with a time: and the first MAX_LINE_BYTES of a line that spans two chunks).
import type { FileHandle } from "node:fs/promises";
import { MAX_LINE_BYTES, timeOfLine } from "./select-lines.js";

const CHUNK_BYTES = 64 * 1024;

export interface TailStart {
  /** The byte offset to read from. */
  offset: number;
  /** The offset is inside a line (the tail was longer than `maxBytes`): drop up to the first newline. */
  midLine: boolean;
  /** With `since`: the offset is among the undated lines that follow a kept line, so they are kept. */
  keeping?: boolean;
}

export interface TailSince {
  /** Count only the lines select-lines.ts keeps for this time: the last N of the lines since. */
  since: number;
  /** A line start before which no line is at or after `since` (since-start.ts found it); default 0. */
  floor?: number;
  maxLineBytes?: number;
}

/**
 * The offset of the last `lines` lines of the first `size` bytes of the file, reading back at most
 * `maxBytes`. With `since`, the last `lines` of those a forward read keeps: a dated line is kept when
 * it is at or after `since`, an undated one when the dated line before it is.
 */
export async function findTailStart(
  file: FileHandle,
  size: number,
  lines: number,
  maxBytes: number,
  since?: TailSince,
): Promise<TailStart> {
  const floor = since?.floor ?? 0;
  const kept = since ? new KeptLines(file, lines, since) : undefined;
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let needed = lines;
  let position = size;
  let lineEnd = size; // where the line being walked back over ends (its newline, or the end of the file)
  while (position > floor) {
    const length = Math.min(CHUNK_BYTES, position - floor);
    position -= length;
    const { bytesRead } = await file.read(buffer, 0, length, position);
    let at = bytesRead - 1;
    for (let nl = buffer.lastIndexOf(10, at); nl !== -1; nl = buffer.lastIndexOf(10, at)) {
      const start = position + nl + 1;
      // The newline that ends the file ends the last line; it does not start one.
      if (start !== size) {
        if (kept) {
          const found = await kept.line(start, lineEnd, buffer, position, bytesRead);
          if (found) return found;
        } else if (--needed === 0) return { offset: start, midLine: false };
      }
      lineEnd = start - 1;
      at = nl - 1;
      if (at < 0) break;
    }
    if (size - position >= maxBytes && position > floor) return { offset: position, midLine: true };
  }
  // The first line of the range, which no newline starts.
  if (kept && floor < lineEnd)
    return (await kept.line(floor, lineEnd, buffer, position, 0)) ?? { offset: floor, midLine: false };
  return { offset: floor, midLine: false };
}

/**
 * Counts kept lines going backwards. Undated lines are kept or not with the dated line before them,
 * which is met after them: they wait in `pending` until it is.
 */
class KeptLines {
  private kept = 0;
  /** Starts of the undated lines met since the last dated one, the latest first. */
  private pending: number[] = [];
  private readonly max: number;

  constructor(
    private readonly file: FileHandle,
    private readonly wanted: number,
    private readonly since: TailSince,
  ) {
    this.max = since.maxLineBytes ?? MAX_LINE_BYTES;
  }

  /** The line [start, end) (its newline excluded), with `chunk` holding the file from `chunkAt`: the tail's start, once known. */
  async line(
    start: number,
    end: number,
    chunk: Buffer,
    chunkAt: number,
    chunkLength: number,
  ): Promise<TailStart | undefined> {
    const dated = Math.min(end, start + this.max); // a line is dated by its first max bytes
    const complete = end - start <= this.max;
    const time =
      start >= chunkAt && dated <= chunkAt + chunkLength
        ? timeOfLine(chunk, start - chunkAt, dated - chunkAt, complete, this.max)
        : await this.timeRead(start, dated, complete);
    if (time === undefined) {
      this.pending.push(start);
      return undefined;
    }
    if (time >= this.since.since) {
      const group = 1 + this.pending.length; // this line and the undated ones after it
      if (this.kept + group >= this.wanted) {
        const skip = group - (this.wanted - this.kept); // lines of the group before the tail
        return skip === 0
          ? { offset: start, midLine: false }
          : { offset: this.pending[this.pending.length - skip], midLine: false, keeping: true };
      }
      this.kept += group;
    }
    this.pending = [];
    return undefined;
  }

  private async timeRead(start: number, end: number, complete: boolean): Promise<number | undefined> {
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await this.file.read(buffer, 0, buffer.length, start);
    return timeOfLine(buffer, 0, bytesRead, complete, this.max);
  }
}
