// Streams: raw log bytes → the lines to keep (split, optionally filtered by time, overlong lines cut)
// → redacted text. Lines travel in batches, one array per chunk read, so a 500 MB log is not
// millions of stream writes; no more than one line (at most MAX_LINE_BYTES) is ever held. Lines are
// found in the bytes and a run of kept lines is decoded with one toString and one split: a string per
// line is what the redactor needs, and making them one by one cost more than finding them.
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
  /** With `since`: the stream starts among the undated lines of a kept line (tail.ts found it so). */
  keeping?: boolean;
  /**
   * With `since`, for a log whose times are in order (since-start.ts checked): once a line at or after
   * this time is seen (`since` plus the order's slack), no later line can be older than `since`, so
   * every later line is kept without reading its time.
   */
  settleAfter?: number;
  maxLineBytes?: number;
}

export interface SelectStats {
  linesRead: number;
  linesKept: number;
  linesCut: number;
}

/**
 * The time of the line buf[start, end) (its newline excluded), read from its first `max` bytes, a
 * final "\r" excluded: how every reader of the logs dates a line (see since-start.ts, tail.ts).
 * `complete` says `end` is the line's end; otherwise buf holds at least its first `max` bytes.
 */
export function timeOfLine(buf: Buffer, start: number, end: number, complete: boolean, max = MAX_LINE_BYTES): number | undefined {
  if (complete && end > start && buf[end - 1] === 13) end--;
  return lineTimeAt(buf, start, Math.min(end, start + max));
}

export class SelectLines extends Transform {
  readonly stats: SelectStats = { linesRead: 0, linesKept: 0, linesCut: 0 };
  private parts: Buffer[] = [];
  private held = 0;
  private dropped = 0;
  /** Whether the unfinished line's last byte so far is a "\r" (not counted when the line is cut). */
  private heldCR = false;
  private keeping: boolean;
  private dropNext: boolean;
  private readonly max: number;
  private since: number | undefined;
  private readonly settleAfter: number | undefined;

  constructor(options: SelectOptions = {}) {
    // Each object out is a chunk's worth of lines. One byte of writable buffer: write() says false
    // until a chunk is processed, which lets the reader reuse its buffer (see collect-logs.ts).
    super({ readableObjectMode: true, readableHighWaterMark: 2, writableHighWaterMark: 1 });
    this.since = options.since;
    this.settleAfter = options.settleAfter;
    // Before the first dated line, nothing is known to be recent (unless tail.ts found it was).
    this.keeping = options.since === undefined || !!options.keeping;
    this.dropNext = !!options.dropFirstLine;
    this.max = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const out: string[] = [];
    let start = 0;
    if (this.held > 0 || this.dropped > 0) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.hold(chunk);
        return done();
      }
      this.hold(chunk.subarray(0, nl));
      const whole = Buffer.concat(this.parts, this.held);
      const dropped = this.dropped;
      this.parts = [];
      this.held = 0;
      this.dropped = 0;
      this.one(whole, 0, whole.length, dropped, out);
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) this.lines(chunk, start, last, out);
    if (last + 1 < chunk.length) this.hold(chunk.subarray(Math.max(last + 1, start)));
    if (out.length) this.push(out);
    done();
  }

  override _flush(done: TransformCallback): void {
    const out: string[] = [];
    if (this.held > 0 || this.dropped > 0) {
      const whole = Buffer.concat(this.parts, this.held);
      this.one(whole, 0, whole.length, this.dropped, out);
    }
    if (out.length) this.push(out);
    done();
  }

  /** Keeps the start of an unfinished line, up to the limit; counts the rest. */
  private hold(piece: Buffer): void {
    if (piece.length > 0) this.heldCR = piece[piece.length - 1] === 13;
    const room = Math.max(this.max - this.held, 0);
    if (piece.length <= room) {
      this.parts.push(Buffer.from(piece)); // a copy: the chunk it points into is reused
      this.held += piece.length;
    } else {
      if (room > 0) this.parts.push(Buffer.from(piece.subarray(0, room)));
      this.held += room;
      this.dropped += piece.length - room;
    }
  }

  /** The whole lines of buf[start, last] (buf[last] is a newline): runs of plain kept lines are decoded at once. */
  private lines(buf: Buffer, start: number, last: number, out: string[]): void {
    let fast = true; // decode the rest at once, once there is nothing left to decide line by line
    let run = -1; // where the current run of kept, not overlong lines starts
    let runLines = 0;
    const endRun = (end: number) => {
      if (run === -1) return;
      this.decode(buf, run, end, out);
      this.stats.linesKept += runLines;
      run = -1;
      runLines = 0;
    };
    for (let at = start; at <= last; ) {
      if (fast && this.since === undefined && !this.dropNext) {
        endRun(at - 1);
        if (this.allKept(buf, at, last, out)) return;
        fast = false;
      }
      const nl = buf.indexOf(10, at);
      if (this.dropNext) this.dropNext = false;
      else {
        this.stats.linesRead++;
        if (this.since !== undefined) {
          const time = timeOfLine(buf, at, nl, true, this.max);
          if (time !== undefined) {
            this.keeping = time >= this.since;
            if (this.settleAfter !== undefined && time >= this.settleAfter) this.since = undefined; // settled: see SelectOptions
          }
        }
        if (!this.keeping) endRun(at - 1);
        else if (nl - at > this.max + (buf[nl - 1] === 13 ? 1 : 0)) {
          endRun(at - 1);
          this.cut(buf.subarray(at, at + this.max), nl - at - this.max - (buf[nl - 1] === 13 ? 1 : 0), out);
        } else {
          if (run === -1) run = at;
          runLines++;
        }
      }
      if (run !== -1 && nl === last) endRun(nl);
      at = nl + 1;
    }
  }

  /**
   * Every line of buf[start, last] kept: decoded and split at once, when none can be overlong (a
   * UTF-16 unit is at most 3 bytes); otherwise false, and nothing done.
   */
  private allKept(buf: Buffer, start: number, last: number, out: string[]): boolean {
    const texts = buf.toString("utf8", start, last).split("\n");
    for (let i = 0; i < texts.length; i++) if (texts[i].length * 3 > this.max) return false;
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      out.push(text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text);
    }
    this.stats.linesRead += texts.length;
    this.stats.linesKept += texts.length;
    return true;
  }

  /** The lines of buf[start, end) (newline-separated, all kept), a final "\r" dropped from each. */
  private decode(buf: Buffer, start: number, end: number, out: string[]): void {
    const texts = buf.toString("utf8", start, end).split("\n");
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      out.push(text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text);
    }
  }

  /** One line held across chunks: its first bytes `buf[start, end)` and how many more there were. */
  private one(buf: Buffer, start: number, end: number, dropped: number, out: string[]): void {
    if (this.dropNext) {
      this.dropNext = false;
      return;
    }
    this.stats.linesRead++;
    if (this.since !== undefined) {
      const time = timeOfLine(buf, start, end, dropped === 0, this.max);
      if (time !== undefined) this.keeping = time >= this.since;
      if (!this.keeping) return;
    }
    if (dropped === 0 && end > start && buf[end - 1] === 13) end--;
    else if (dropped > 0 && this.heldCR) dropped--;
    if (dropped === 0 && end - start <= this.max) {
      this.stats.linesKept++;
      out.push(buf.toString("utf8", start, end));
    } else this.cut(buf.subarray(start, Math.min(end, start + this.max)), dropped + Math.max(end - start - this.max, 0), out);
  }

  private cut(kept: Buffer, dropped: number, out: string[]): void {
    this.stats.linesKept++;
    this.stats.linesCut++;
    out.push(`${cutAtTokenBoundary(kept.toString("utf8")).trimEnd()} …[line cut: ${dropped} more bytes]`);
  }
}

const TOKEN_BOUNDARY = /[\s"'<>()[\]{},;]/;

/**
 * Drops the token the cut went through, so not even the start of a secret is left at the end. A loop
 * back from the end: the regex /[^…]*$/ it replaces tried every start and was quadratic on a long token.
 */
export function cutAtTokenBoundary(text: string): string {
  let end = text.length;
  while (end > 0 && !TOKEN_BOUNDARY.test(text[end - 1])) end--;
  return text.slice(0, end);
}

/** The size of the pieces RedactLines hands on (the compressor takes one per event-loop turn: see collect-logs.ts). */
export const OUT_CHUNK = 512 * 1024;

/**
 * Redacts each line of each batch, joins the batch and writes it as UTF-8 into a piece of about
 * OUT_CHUNK bytes, handed on when full. join() makes one flat string, written with one call: adding
 * lines up one by one built a rope that Buffer.from then had to flatten, and writing line by line
 * cost a native call per line (each was about a third of the pipeline outside the redactor).
 */
export class RedactLines extends Transform {
  private piece = Buffer.allocUnsafe(0);
  private used = 0;

  constructor(private readonly redactor: Redactor) {
    super({ writableObjectMode: true, readableHighWaterMark: OUT_CHUNK });
  }

  override _transform(lines: string[], _encoding: BufferEncoding, done: TransformCallback): void {
    const redacted = new Array<string>(lines.length + 1);
    for (let i = 0; i < lines.length; i++) redacted[i] = this.redactor.redactLine(lines[i]);
    redacted[lines.length] = ""; // join() then ends the text with a newline, and makes it flat
    const text = redacted.join("\n");
    const most = text.length * 3; // a UTF-16 unit is at most 3 bytes of UTF-8
    if (this.used + most > this.piece.length) {
      this.handOn();
      this.piece = Buffer.allocUnsafe(Math.max(OUT_CHUNK + 64 * 1024, most)); // never rewritten once handed on
    }
    this.used += this.piece.write(text, this.used, "utf8");
    if (this.used >= OUT_CHUNK) this.handOn();
    done();
  }

  override _flush(done: TransformCallback): void {
    this.handOn();
    done();
  }

  private handOn(): void {
    if (this.used === 0) return;
    this.push(this.piece.subarray(0, this.used));
    this.piece = this.piece.subarray(this.used);
    this.used = 0;
  }
}
