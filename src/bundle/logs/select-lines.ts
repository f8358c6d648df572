// Raw log bytes → the lines to keep (split, optionally filtered by time, overlong lines cut) →
// redacted UTF-8. A chunk read is one stream write, so a 500 MB log is not millions of them, and no
// more than one line (at most MAX_LINE_BYTES) is ever held. The kept lines of a chunk are runs of
// bytes, views into the chunk, made into strings only right before they are redacted, a slice at a
// time, so a string dies young (strings that waited in the stream outlived two scavenges and filled
// V8's old generation: more GC, more RSS); a slice is decoded and split at once (split makes the
// strings, not one toString per line).
import { isAscii } from "node:buffer";
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
  /** Lines cut for being over the limit (SelectAndRedact counts the lines kept). */
  linesCut: number;
}

/**
 * A batch of kept lines, in order: a Buffer is a run of whole lines, newline-separated, without the
 * last newline (each may end with "\r", dropped when it is decoded); a string is one line already
 * final (a cut line and its mark).
 */
export type LineBatch = (Buffer | string)[];

/** Calls `each` with every line of a batch, as a string, in order. */
export function forEachLine(batch: LineBatch, each: (line: string) => void): void {
  for (const item of batch) {
    if (typeof item === "string") each(item);
    else {
      const lines = item.toString("utf8").split("\n");
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        each(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
      }
    }
  }
}

/**
 * The time of the line buf[start, end) (its newline excluded), read from its first `max` bytes, a
 * final "\r" excluded: how every reader of the logs dates a line (see since-start.ts, tail.ts).
 * `complete` says `end` is the line's end; otherwise buf holds at least its first `max` bytes.
 */
export function timeOfLine(
  buf: Buffer,
  start: number,
  end: number,
  complete: boolean,
  max = MAX_LINE_BYTES,
): number | undefined {
  if (complete && end > start && buf[end - 1] === 13) end--;
  return lineTimeAt(buf, start, Math.min(end, start + max));
}

/**
 * Chooses the lines of a log given chunk by chunk. take() returns the lines a chunk completes; its
 * runs may be views into that chunk, so they are to be used before the chunk is reused.
 */
export class LineSelector {
  readonly stats: SelectStats = { linesCut: 0 };
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
    this.since = options.since;
    this.settleAfter = options.settleAfter;
    // Before the first dated line, nothing is known to be recent (unless tail.ts found it was).
    this.keeping = options.since === undefined || !!options.keeping;
    this.dropNext = !!options.dropFirstLine;
    this.max = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  take(chunk: Buffer): LineBatch {
    const out: LineBatch = [];
    let start = 0;
    if (this.held > 0 || this.dropped > 0) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.hold(chunk);
        return out;
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
    return out;
  }

  /** The last line, when the log does not end with a newline. */
  end(): LineBatch {
    const out: LineBatch = [];
    if (this.held > 0 || this.dropped > 0) {
      const whole = Buffer.concat(this.parts, this.held);
      this.one(whole, 0, whole.length, this.dropped, out);
    }
    return out;
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

  /** The whole lines of buf[start, last] (buf[last] is a newline), as runs of kept lines and cut lines. */
  private lines(buf: Buffer, start: number, last: number, out: LineBatch): void {
    let run = -1; // where the current run of kept, not overlong lines starts
    const endRun = (end: number) => {
      if (run !== -1) out.push(buf.subarray(run, end));
      run = -1;
    };
    for (let at = start; at <= last;) {
      if (this.since === undefined && !this.dropNext && run === -1) {
        // Nothing to decide line by line: jump from line start to line start, at most max bytes at a
        // time; a line is overlong only if no newline follows it within max bytes.
        let next = at;
        for (
          let nl = buf.lastIndexOf(10, Math.min(next + this.max, last));
          nl >= next;
          nl = buf.lastIndexOf(10, Math.min(next + this.max, last))
        )
          next = nl + 1;
        if (next > at) {
          out.push(buf.subarray(at, next - 1));
          at = next;
          if (at > last) break;
        }
      }
      const nl = buf.indexOf(10, at);
      if (this.dropNext) this.dropNext = false;
      else {
        if (this.since !== undefined) {
          const time = timeOfLine(buf, at, nl, true, this.max);
          if (time !== undefined) {
            this.keeping = time >= this.since;
            if (this.settleAfter !== undefined && time >= this.settleAfter) this.since = undefined; // settled: see SelectOptions
          }
        }
        const length = nl - at - (buf[nl - 1] === 13 && nl > at ? 1 : 0);
        if (!this.keeping) endRun(at - 1);
        else if (length > this.max) {
          endRun(at - 1);
          this.cut(buf.subarray(at, at + this.max), length - this.max, out);
        } else if (run === -1) run = at;
      }
      if (nl === last) endRun(nl);
      at = nl + 1;
    }
  }

  /** One line held across chunks: its first bytes `buf[start, end)` and how many more there were. */
  private one(buf: Buffer, start: number, end: number, dropped: number, out: LineBatch): void {
    if (this.dropNext) {
      this.dropNext = false;
      return;
    }
    if (this.since !== undefined) {
      const time = timeOfLine(buf, start, end, dropped === 0, this.max);
      if (time !== undefined) this.keeping = time >= this.since;
      if (!this.keeping) return;
    }
    const length = dropped === 0 && end > start && buf[end - 1] === 13 ? end - start - 1 : end - start;
    if (dropped > 0 && this.heldCR) dropped--;
    if (dropped === 0 && length <= this.max)
      out.push(buf.subarray(start, end)); // `buf` is a fresh copy
    else this.cut(buf.subarray(start, Math.min(end, start + this.max)), dropped + Math.max(length - this.max, 0), out);
  }

  private cut(kept: Buffer, dropped: number, out: LineBatch): void {
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

/**
 * The pieces SelectAndRedact writes into, given back once the compressor is done with them: a log
 * of 500 MB is a thousand pieces, and new ones each time left tens of MB of dead buffers waiting
 * for the GC (their memory lives outside V8's heap, which is collected for its own reasons).
 */
export class PiecePool {
  private readonly free: Buffer[] = [];

  constructor(readonly size = OUT_CHUNK + 64 * 1024) {}

  /** A buffer of at least `least` bytes: a given-back one, or a new one. */
  take(least = 0): Buffer {
    if (least > this.size) return Buffer.allocUnsafe(least); // not pooled
    return this.free.pop() ?? Buffer.allocUnsafe(this.size);
  }

  /** `piece` (a view of a buffer from take()) will not be read again. */
  give(piece: Buffer): void {
    if (piece.buffer.byteLength === this.size && piece.byteOffset < this.size && this.free.length < 8)
      this.free.push(Buffer.from(piece.buffer, 0, this.size));
  }
}

/** About how many bytes of lines SelectAndRedact turns into strings at a time. */
const SLICE_BYTES = 32 * 1024;

/** The size of the pieces SelectAndRedact hands on (the compressor takes one per event-loop turn: see collect-logs.ts). */
export const OUT_CHUNK = 512 * 1024;

/**
 * Raw log bytes in, redacted UTF-8 out: each chunk's lines are chosen (LineSelector) and redacted
 * at once, while the chunk is still there, so no line is copied or held between the two; the
 * strings the redactor needs are made a slice of about SLICE_BYTES at a time and dropped before
 * the next slice is made, so few of them outlive a scavenge. The redacted lines of a slice are
 * joined (one flat string) and written with one call into a piece of about OUT_CHUNK bytes (from
 * a PiecePool), handed on when full (a string built line by line had to be flattened, and a write per
 * line cost a native call per line).
 */
export class SelectAndRedact extends Transform {
  /** The lines written: the lines kept. */
  lines = 0;
  readonly selector: LineSelector;
  private piece: Buffer = Buffer.alloc(0);
  private used = 0;

  constructor(
    private readonly redactor: Redactor,
    options: SelectOptions = {},
    private readonly pool = new PiecePool(),
  ) {
    // One byte of writable buffer: write() says false until a chunk is processed, which lets the
    // reader reuse its buffer (see collect-logs.ts).
    super({ writableHighWaterMark: 1, readableHighWaterMark: OUT_CHUNK });
    this.selector = new LineSelector(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.redactBatch(this.selector.take(chunk));
    done();
  }

  override _flush(done: TransformCallback): void {
    this.redactBatch(this.selector.end());
    this.handOn();
    done();
  }

  private redactBatch(batch: LineBatch): void {
    for (const item of batch) {
      if (typeof item === "string") this.redact([item]);
      else for (let at = 0, end = -1; end < item.length; at = end + 1) end = this.redactSlice(item, at);
    }
  }

  /**
   * Redacts the lines of run[at, …) that fit in about SLICE_BYTES (at least one) and returns where
   * they end: the newline after them, or the run's end. The slice is made one string (an ASCII one
   * by copying its bytes, with no decoding), and what the redactor keeps as it is goes out as the
   * slice's own bytes.
   */
  private redactSlice(run: Buffer, at: number): number {
    let end = run.length;
    if (end - at > SLICE_BYTES) {
      const nl = run.lastIndexOf(10, at + SLICE_BYTES);
      end = nl >= at ? nl : run.indexOf(10, at + SLICE_BYTES);
      if (end === -1) end = run.length;
    }
    const slice = run.subarray(at, end);
    if (isAscii(slice)) {
      // One byte per character: a span of the text is the same span of the bytes.
      const text = slice.toString("latin1");
      this.lines += this.redactor.redactLinesOf(text, {
        keep: (from, to) => this.copy(slice, from, to),
        put: (line) => this.put(line),
      });
    } else {
      const text = slice.toString("utf8");
      this.lines += this.redactor.redactLinesOf(text, {
        keep: (from, to) => this.put(text.slice(from, to)),
        put: (line) => this.put(line),
      });
    }
    this.put("\n");
    return end;
  }

  /** Bytes [from, to) of `bytes` into the piece. */
  private copy(bytes: Buffer, from: number, to: number): void {
    this.room(to - from);
    this.used += bytes.copy(this.piece, this.used, from, to);
  }

  /** A string into the piece, as UTF-8. */
  private put(text: string): void {
    this.room(text.length * 3); // a UTF-16 unit is at most 3 bytes of UTF-8
    this.used += this.piece.write(text, this.used, "utf8");
  }

  /** Makes room for `bytes` more in the piece, handing it on when full. */
  private room(bytes: number): void {
    if (this.used >= OUT_CHUNK || this.used + bytes > this.piece.length) {
      this.handOn();
      this.piece = this.pool.take(bytes);
    }
  }

  /** Redacts `lines` (in place) and writes them out, each with its newline. */
  private redact(lines: string[]): void {
    this.redactor.redactLines(lines);
    this.lines += lines.length;
    lines.push(""); // join() then ends the text with a newline, and makes it flat
    this.put(lines.join("\n"));
  }

  /** Hands the piece on; it is not written again (the pool gets it back when the compressor is done). */
  private handOn(): void {
    if (this.used > 0) this.push(this.piece.subarray(0, this.used));
    this.piece = Buffer.alloc(0);
    this.used = 0;
  }
}
