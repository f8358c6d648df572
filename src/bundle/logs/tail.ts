// Where the last N lines of a file start, found by reading backwards from the end in chunks: a 1 GB
// log costs the few chunks its tail spans, never the whole file, and never more than one chunk of memory.
import type { FileHandle } from "node:fs/promises";

const CHUNK_BYTES = 64 * 1024;

export interface TailStart {
  /** The byte offset to read from. */
  offset: number;
  /** The offset is inside a line (the tail was longer than `maxBytes`): drop up to the first newline. */
  midLine: boolean;
}

/** The offset of the last `lines` lines of the first `size` bytes of the file, reading back at most `maxBytes`. */
export async function findTailStart(file: FileHandle, size: number, lines: number, maxBytes: number): Promise<TailStart> {
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let needed = lines;
  let position = size;
  while (position > 0) {
    const length = Math.min(CHUNK_BYTES, position);
    position -= length;
    const { bytesRead } = await file.read(buffer, 0, length, position);
    let at = bytesRead - 1;
    for (let nl = buffer.lastIndexOf(10, at); nl !== -1; nl = buffer.lastIndexOf(10, at)) {
      // The newline that ends the file ends the last line; it does not start one.
      if (position + nl !== size - 1 && --needed === 0) return { offset: position + nl + 1, midLine: false };
      at = nl - 1;
      if (at < 0) break;
    }
    if (size - position >= maxBytes && position > 0) return { offset: position, midLine: true };
  }
  return { offset: 0, midLine: false };
}
