// Writes the bundle: a gzipped tar streamed (tar-stream → zlib → file) into a private temporary file
// beside the target, then hard-linked to the target, which fails rather than replace a file that
// appeared meanwhile: an existing file is never overwritten.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { UserError } from "../errors.js";
import { errorCode } from "../snapshot/raw-file.js";
import { removeOnInterrupt } from "../remove-on-interrupt.js";

export interface BundleEntry {
  /** The path inside the bundle, e.g. "logs/gateway.log". */
  name: string;
  size: number;
  sha256: string;
  /** The content, or the staged file that holds it. */
  content?: Buffer;
  file?: string;
}

export interface WrittenArchive {
  size: number;
  sha256: string;
}

/** Packs `entries` under the directory `root` into `target` (mode 0600), never replacing a file. */
export async function writeArchive(target: string, root: string, entries: BundleEntry[], mtime: Date): Promise<WrittenArchive> {
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  let fd: number;
  try {
    fd = fs.openSync(partial, "wx", 0o600);
    fs.fchmodSync(fd, 0o600); // whatever the umask
  } catch (error) {
    throw cannotWrite(target, error);
  }
  const measure = new Measure();
  const interrupted = removeOnInterrupt(partial);
  try {
    const pack = tar.pack();
    const written = pipeline(pack, createGzip({ level: 6 }), measure, fs.createWriteStream("", { fd, flush: true }));
    const dirs = new Set<string>([root]);
    await addEntry(pack, { name: root, type: "directory", mode: 0o700, mtime, uid: 0, gid: 0 });
    for (const entry of entries) {
      const dir = path.posix.dirname(entry.name);
      if (dir !== "." && !dirs.has(`${root}/${dir}`)) {
        dirs.add(`${root}/${dir}`);
        await addEntry(pack, { name: `${root}/${dir}`, type: "directory", mode: 0o700, mtime, uid: 0, gid: 0 });
      }
      await addEntry(pack, { name: `${root}/${entry.name}`, type: "file", mode: 0o600, size: entry.size, mtime, uid: 0, gid: 0 }, entry);
    }
    pack.finalize();
    await written;
    publish(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    interrupted.done();
  }
  return { size: measure.bytes, sha256: measure.hash.digest("hex") };
}

type EntryHeader = Parameters<tar.Pack["entry"]>[0];

function addEntry(pack: tar.Pack, header: EntryHeader, entry?: BundleEntry): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (!entry) pack.entry(header, done);
    else if (entry.content) pack.entry(header, entry.content, done);
    else {
      const sink = pack.entry(header, done);
      fs.createReadStream(entry.file!).on("error", reject).pipe(sink);
    }
  });
}

/** The hard link is the no-clobber step: it fails with EEXIST instead of replacing the target. */
function publish(partial: string, target: string): void {
  try {
    fs.linkSync(partial, target);
    fs.rmSync(partial, { force: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") throw new UserError(`${target} already exists; support-bundle never overwrites a file: choose another --output`);
    // File systems without hard links: a rename, after one more look.
    if ((code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP") && !fs.existsSync(target)) fs.renameSync(partial, target);
    else throw cannotWrite(target, error);
  }
}

export function cannotWrite(target: string, error: unknown): UserError {
  const code = errorCode(error);
  const reason = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOENT" ? "its directory does not exist" : (error as Error).message;
  return new UserError(`cannot write the support bundle to ${target}: ${reason}`);
}

/** Counts and hashes the bytes that go to the file. */
class Measure extends Transform {
  readonly hash = createHash("sha256");
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}
