// Streams: raw log bytes → the lines to keep (split, optionally filtered by time, overlong lines cut)
// → redacted text. Lines travel in batches, one array per chunk read, so a 500 MB log is not
// millions of stream writes; no more than one line (at most MAX_LINE_BYTES) is ever held.
import { Transform, type TransformCallback } from "node:stream";
import type { Redactor } from "../redact/redactor.js";
import { lineTimeAt } from "./timestamps.js";

/** A line longer than this is cut (at a token boundary, so no half secret is left) and marked. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface SelectOptions {
  /** Keep only lines at or after this time (ms); lines without a time go with the line before. */
  since?: number;
  /** The stream starts in the middle of a line: drop that first fragment. */
  dropFirstLine?: boolean;
  maxLineBytes?: number;
}

export interface SelectStats {
  linesRead: number;
  linesKept: number;
  linesCut: number;
}

export class SelectLines extends Transform {
  readonly stats: SelectStats = { linesRead: 0, linesKept: 0, linesCut: 0 };
  private parts: Buffer[] = [];
  private held = 0;
  private dropped = 0;
  private keeping: boolean;
  private dropNext: boolean;
  private readonly max: number;

  constructor(private readonly options: SelectOptions = {}) {
    // Each object out is a chunk's worth of lines. One byte of writable buffer: write() says false
    // until a chunk is processed, which lets the reader reuse its buffer (see collect-logs.ts).
    super({ readableObjectMode: true, readableHighWaterMark: 4, writableHighWaterMark: 1 });
    this.keeping = options.since === undefined; // before the first dated line, nothing is known to be recent
    this.dropNext = !!options.dropFirstLine;
    this.max = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (this.held === 0 && this.dropped === 0) this.line(chunk, start, nl, 0, lines);
      else {
        this.hold(chunk.subarray(start, nl));
        const whole = Buffer.concat(this.parts, this.held);
        this.line(whole, 0, whole.length, this.dropped, lines);
        this.parts = [];
        this.held = 0;
        this.dropped = 0;
      }
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
    if (lines.length) this.push(lines);
    done();
  }

  override _flush(done: TransformCallback): void {
    const lines: string[] = [];
    if (this.held > 0 || this.dropped > 0) {
      const whole = Buffer.concat(this.parts, this.held);
      this.line(whole, 0, whole.length, this.dropped, lines);
    }
    if (lines.length) this.push(lines);
    done();
  }

  /** Keeps the start of an unfinished line, up to the limit; counts the rest. */
  private hold(piece: Buffer): void {
    const room = this.max - this.held;
    if (piece.length <= room) {
      this.parts.push(Buffer.from(piece)); // a copy: the chunk it points into is reused
      this.held += piece.length;
    } else {
      if (room > 0) this.parts.push(Buffer.from(piece.subarray(0, room)));
      this.held += Math.max(room, 0);
      this.dropped += piece.length - Math.max(room, 0);
    }
  }

  /** The line buf[start, end) (its newline excluded), whose `dropped` further bytes were not kept. */
  private line(buf: Buffer, start: number, end: number, dropped: number, out: string[]): void {
    if (this.dropNext) {
      this.dropNext = false;
      return;
    }
    this.stats.linesRead++;
    if (end > start && buf[end - 1] === 13) end--;
    if (this.options.since !== undefined) {
      const time = lineTimeAt(buf, start, end);
      if (time !== undefined) this.keeping = time >= this.options.since;
      if (!this.keeping) return;
    }
    let bytes = buf.subarray(start, end);
    if (dropped === 0 && bytes.length > this.max) {
      dropped = bytes.length - this.max;
      bytes = bytes.subarray(0, this.max);
    }
    this.stats.linesKept++;
    if (dropped === 0) out.push(bytes.toString("utf8"));
    else {
      this.stats.linesCut++;
      out.push(`${cutAtTokenBoundary(bytes.toString("utf8")).trimEnd()} …[line cut: ${dropped} more bytes]`);
    }
  }
}

/** Drops the token the cut went through, so not even the start of a secret is left at the end. */
export function cutAtTokenBoundary(text: string): string {
  return text.replace(/[^\s"'<>()[\]{},;]*$/, "");
}

/** Redacts each line of each batch and writes them out as text. */
export class RedactLines extends Transform {
  constructor(private readonly redactor: Redactor) {
    super({ writableObjectMode: true });
  }

  override _transform(lines: string[], _encoding: BufferEncoding, done: TransformCallback): void {
    let text = "";
    for (const line of lines) text += this.redactor.redactLine(line) + "\n";
    done(null, text);
  }
}
