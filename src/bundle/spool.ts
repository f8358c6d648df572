// Where the compressed logs wait until the archive is written (its manifest, first in the archive,
// needs their sizes and hashes): in memory up to a bound, then in one private temporary file. The
// bytes are already redacted and compressed, and 1 MiB holds the logs of most bundles (the last
// 2,000 lines of each), which then never make the file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { removeOnInterrupt } from "../remove-on-interrupt.js";

/** The compressed bytes kept in memory before the spool goes to a file. */
const SPOOL_MEMORY_BYTES = 1024 * 1024;

/** A range of the spool: [start, end) of everything appended to it. */
export interface SpoolRange {
  start: number;
  end: number;
}

export class Spool {
  private readonly chunks: Buffer[] = [];
  private inMemory = 0;
  private file: { dir: string; path: string; fd: number; interrupted: { done(): void } } | undefined;
  /** Bytes appended so far. */
  length = 0;

  constructor(
    private readonly memoryBytes = SPOOL_MEMORY_BYTES,
    private readonly tmpdir = os.tmpdir(),
  ) {}

  /** A stream that appends what is written to it (one at a time: the logs are spooled in turn). */
  writer(): Writable {
    return new Writable({
      highWaterMark: 1024 * 1024,
      write: (chunk: Buffer, _encoding, done) => this.append(chunk).then(() => done(), done),
    });
  }

  async append(chunk: Buffer): Promise<void> {
    if (!this.file && this.inMemory + chunk.length <= this.memoryBytes) {
      this.chunks.push(chunk);
      this.inMemory += chunk.length;
    } else {
      const { fd } = this.file ?? this.openFile();
      let at = 0;
      while (at < chunk.length) at += await writeAt(fd, chunk.subarray(at), this.length - this.inMemory + at);
    }
    this.length += chunk.length;
  }

  /**
   * The bytes of `range`, in order. What is read from the file comes in one reused 1 MiB buffer:
   * each piece is to be used up before the next is asked for (a fresh buffer per piece left tens of
   * MB of dead buffers for the GC to find, at the end of a large bundle).
   */
  async *read(range: SpoolRange): AsyncGenerator<Buffer> {
    let offset = 0;
    for (const chunk of this.chunks) {
      const from = Math.max(range.start - offset, 0);
      const to = Math.min(range.end - offset, chunk.length);
      if (from < to) yield chunk.subarray(from, to);
      offset += chunk.length;
      if (offset >= range.end) return;
    }
    if (!this.file) return;
    const buffer = Buffer.allocUnsafe(
      Math.min(1024 * 1024, Math.max(range.end - Math.max(range.start, this.inMemory), 0)),
    );
    for (let at = Math.max(range.start, this.inMemory); at < range.end;) {
      const bytesRead = await readAt(
        this.file.fd,
        buffer.subarray(0, Math.min(buffer.length, range.end - at)),
        at - this.inMemory,
      );
      if (bytesRead === 0) throw new Error("the bundle's spool file is shorter than what was written to it");
      yield buffer.subarray(0, bytesRead);
      at += bytesRead;
    }
  }

  /** Removes the file, if there is one. */
  close(): void {
    if (!this.file) return;
    fs.closeSync(this.file.fd);
    fs.rmSync(this.file.dir, { recursive: true, force: true });
    this.file.interrupted.done();
    this.file = undefined;
  }

  /** A private directory (0700) in TMPDIR with the file (0600) in it; both removed on an interrupt. */
  private openFile() {
    const dir = path.join(this.tmpdir, `clawdia-bundle-${process.pid}-${randomUUID().slice(0, 8)}`);
    // Registered before it exists: an interrupt between the two still finds it.
    const interrupted = removeOnInterrupt(dir);
    fs.mkdirSync(dir, { mode: 0o700 });
    const file = path.join(dir, "logs.spool");
    const fd = fs.openSync(file, "wx+", 0o600); // read back when the archive is written
    this.file = { dir, path: file, fd, interrupted };
    return this.file;
  }
}

function writeAt(fd: number, data: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.write(fd, data, 0, data.length, position, (error, written) => (error ? reject(error) : resolve(written))),
  );
}

function readAt(fd: number, buffer: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(fd, buffer, 0, buffer.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))),
  );
}
