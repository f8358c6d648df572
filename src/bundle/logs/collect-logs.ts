// The gateway's logs (<state>/logs/*.log) for the bundle: the last N lines of each, or those since a
// time, in one pass per log: read once → lines chosen → redacted → hashed → compressed (zlib, on the
// thread pool, while the next lines are redacted) → spooled until the archive is written. The log is
// read up to the size it had when the bundle started, so a log the gateway is still writing gives a
// consistent cut.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import type { BundleEntry } from "../archive.js";
import { SEGMENT_OPTIONS } from "../gzip-segments.js";
import type { Redactor } from "../redact/redactor.js";
import type { Spool } from "../spool.js";
import { tarPadding } from "../tar-header.js";
import { OUT_CHUNK, PiecePool, SelectAndRedact } from "./select-lines.js";
import { findSinceStart } from "./since-start.js";
import { findTailStart, type TailStart } from "./tail.js";

/** The most a tail reads back, whatever N: lines this long are not a gateway's. */
const MAX_TAIL_BYTES = 64 * 1024 * 1024;
const READ_CHUNK = 256 * 1024;

export interface LogSelection {
  /** The last N lines (of those since `since`, when both are given). */
  lines?: number;
  /** Only lines at or after this time (ms since the epoch). */
  since?: number;
}

export interface LogReport {
  name: string;
  sourceBytes: number;
  /** The byte range of the source that was read. */
  readFrom: number;
  linesKept: number;
  linesCut: number;
  error?: string;
}

export interface CollectedLogs {
  entries: BundleEntry[];
  reports: LogReport[];
}

export type OnBytes = (name: string, done: number, total: number) => void;

/** The *.log files of the logs directory that are regular files (a FIFO or a directory is skipped). */
function listLogs(logsDir: string): { name: string; file: string; size: number }[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(logsDir)
      .filter((name) => name.endsWith(".log"))
      .sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = path.join(logsDir, name);
    try {
      const stat = fs.statSync(file);
      return stat.isFile() ? [{ name, file, size: stat.size }] : [];
    } catch {
      return [];
    }
  });
}

export async function collectLogs(
  logsDir: string,
  spool: Spool,
  redactor: Redactor,
  selection: LogSelection,
  onBytes: OnBytes = () => {},
): Promise<CollectedLogs> {
  const entries: BundleEntry[] = [];
  const reports: LogReport[] = [];
  for (const log of listLogs(logsDir)) {
    // A file name is the user's: it is redacted like the rest, and kept to one path segment.
    const name = redactor.redactLine(log.name).replace(/[/\\]/g, "_");
    try {
      const { entry, report } = await collectOne(log, name, spool, redactor, selection, onBytes);
      entries.push(entry);
      reports.push(report);
    } catch (error) {
      reports.push({
        name,
        sourceBytes: log.size,
        readFrom: 0,
        linesKept: 0,
        linesCut: 0,
        error: (error as NodeJS.ErrnoException).code ?? String(error),
      });
    }
  }
  return { entries, reports };
}

async function collectOne(
  log: { name: string; file: string; size: number },
  name: string,
  spool: Spool,
  redactor: Redactor,
  selection: LogSelection,
  onBytes: OnBytes,
) {
  const handle = await open(log.file, "r");
  try {
    const start = await startOf(handle, log.size, selection);
    const pool = new PiecePool();
    const lines = new SelectAndRedact(
      redactor,
      { since: selection.since, dropFirstLine: start.midLine, keeping: start.keeping, settleAfter: start.settleAfter },
      pool,
    );
    const body = new EntryBody(pool, spool);
    const from = spool.length;
    const written = pipeline(lines, body);
    await Promise.all([
      feed(handle, start.offset, log.size, lines, (done, total) => onBytes(name, done, total)).catch((error: Error) =>
        lines.destroy(error),
      ),
      written,
    ]);
    const entry: BundleEntry = {
      name: `logs/${name}`,
      size: body.size,
      sha256: body.sha256(),
      compressed: { range: { start: from, end: spool.length }, crc: body.crc, length: body.length },
    };
    return {
      entry,
      report: {
        name,
        sourceBytes: log.size,
        readFrom: start.offset,
        linesKept: lines.lines,
        linesCut: lines.selector.stats.linesCut,
      } satisfies LogReport,
    };
  } finally {
    await handle.close();
  }
}

/** Where the selected lines start: found from the end for a tail, by a binary search for --since, both for both. */
async function startOf(
  handle: FileHandle,
  size: number,
  selection: LogSelection,
): Promise<TailStart & { settleAfter?: number }> {
  const { lines, since } = selection;
  if (since === undefined)
    return lines === undefined ? { offset: 0, midLine: false } : findTailStart(handle, size, lines, MAX_TAIL_BYTES);
  const { offset: floor, settleAfter } = await findSinceStart(handle, size, since);
  if (lines === undefined) return { offset: floor, midLine: false, settleAfter };
  return { ...(await findTailStart(handle, size, lines, MAX_TAIL_BYTES, { since, floor })), settleAfter };
}

/**
 * Reads bytes [from, to) and writes them to `into`, reading the next chunk while one is processed,
 * into two buffers used in turn: a log costs two chunks of memory, never more, however large.
 * SelectAndRedact never keeps a chunk it was given (only copies of an unfinished line), and its
 * writableHighWaterMark of 1 makes write() return false whenever a chunk is not yet processed.
 */
async function feed(
  file: FileHandle,
  from: number,
  to: number,
  into: SelectAndRedact,
  onBytes: (done: number, total: number) => void,
): Promise<void> {
  const buffers = [Buffer.allocUnsafe(READ_CHUNK), Buffer.allocUnsafe(READ_CHUNK)];
  const read = (buffer: Buffer, at: number) =>
    at < to ? file.read(buffer, 0, Math.min(READ_CHUNK, to - at), at) : Promise.resolve({ bytesRead: 0 });
  let position = from;
  let turn = 0;
  let next = read(buffers[turn], position);
  for (;;) {
    const { bytesRead } = await next;
    if (bytesRead === 0) break; // the end, or the file shrank (rotated) while we read it
    const chunk = buffers[turn].subarray(0, bytesRead);
    position += bytesRead;
    turn = 1 - turn;
    next = read(buffers[turn], position); // the other buffer: its chunk was processed before
    if (into.destroyed) return void next.catch(() => {}); // the pipeline failed; it reports why
    if (!into.write(chunk)) await drained(into);
    onBytes(position - from, to - from);
  }
  into.end();
}

/** Waits for 'drain', or for the stream to close or fail (a failed pipeline never drains). */
function drained(stream: SelectAndRedact): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

/**
 * An entry's content into the compressor (zlib, on the thread pool) and from there into the spool:
 * its size, sha256 and CRC-32 as it goes, and at the end the tar padding, so that the compressed
 * segment is the entry's whole body in the archive. Each piece goes back to the pool once zlib has
 * taken it in. Pieces are about 512 KiB, and that matters: zlib takes one chunk per turn of this
 * thread's event loop, and a turn is one chunk of redacted lines, so chunks that small held
 * compression to the pace of redaction, with the thread idle whenever the compressor fell behind.
 */
class EntryBody extends Writable {
  private readonly hash = createHash("sha256");
  private readonly deflate = zlib.createDeflateRaw({ ...SEGMENT_OPTIONS, chunkSize: 256 * 1024 });
  private readonly compressed: Promise<void>;
  /** The content's bytes (the manifest's size). */
  size = 0;
  /** CRC-32 and length of the body: content and padding (the gzip trailer's). */
  crc = 0;
  length = 0;

  constructor(
    private readonly pool: PiecePool,
    spool: Spool,
  ) {
    super({ highWaterMark: OUT_CHUNK });
    this.compressed = pipeline(this.deflate, spool.writer());
    this.compressed.catch((error: Error) => this.destroy(error));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    this.crc = zlib.crc32(chunk, this.crc);
    // The write's callback runs once zlib has consumed the chunk: then the piece is free again.
    if (this.deflate.write(chunk, (error) => error || this.pool.give(chunk))) done();
    else this.deflate.once("drain", () => done());
  }

  override _final(done: (error?: Error | null) => void): void {
    const padding = tarPadding(this.size);
    this.crc = zlib.crc32(padding, this.crc);
    this.length = this.size + padding.length;
    this.deflate.end(padding);
    this.compressed.then(() => done(), done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.deflate.destroy(error ?? undefined);
    done(error);
  }

  sha256(): string {
    return this.hash.digest("hex");
  }
}
