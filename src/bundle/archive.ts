// Writes the bundle: one gzip member holding a tar, streamed into a private temporary file beside the
// target, then hard-linked to the target, which fails rather than replace a file that appeared
// meanwhile: an existing file is never overwritten. The small files are compressed here; the logs
// arrive compressed already (collect-logs.ts), as sync-flushed deflate segments that are copied in
// after their tar headers (gzip-segments.ts), so no log is redacted or compressed twice.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { errorCode } from "../snapshot/raw-file.js";
import { removeOnInterrupt } from "../remove-on-interrupt.js";
import { crc32Combine, deflateSegment, GZIP_HEADER, gzipTrailer, type Segment } from "./gzip-segments.js";
import type { Spool, SpoolRange } from "./spool.js";
import { TAR_END, tarHeader, tarPadding, type TarEntryHeader } from "./tar-header.js";

export interface BundleEntry {
  /** The path inside the bundle, e.g. "logs/gateway.log". */
  name: string;
  size: number;
  sha256: string;
  /** The content, or where its compressed body (content and tar padding) waits in the spool. */
  content?: Buffer;
  compressed?: CompressedBody;
}

export interface CompressedBody {
  range: SpoolRange;
  /** CRC-32 and length of the uncompressed body. */
  crc: number;
  length: number;
}

export interface WrittenArchive {
  size: number;
  sha256: string;
}

/** Packs `entries` under the directory `root` into `target` (mode 0600), never replacing a file. */
export async function writeArchive(
  target: string,
  root: string,
  entries: BundleEntry[],
  mtime: Date,
  spool?: Spool,
): Promise<WrittenArchive> {
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  const interrupted = removeOnInterrupt(partial); // before it exists: an interrupt in between still removes it
  let fd: number;
  try {
    fd = fs.openSync(partial, "wx", 0o600);
    fs.fchmodSync(fd, 0o600); // whatever the umask
  } catch (error) {
    interrupted.done();
    throw cannotWrite(target, error);
  }
  try {
    const out = new ArchiveFile(fd);
    await writeTarGz(out, root, entries, mtime, spool);
    await out.close();
    publish(partial, target);
    return { size: out.bytes, sha256: out.hash.digest("hex") };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // closed already
    }
    interrupted.done();
  }
}

/** The gzip member: the tar's small parts compressed as they come, the spooled bodies copied between them. */
async function writeTarGz(
  out: ArchiveFile,
  root: string,
  entries: BundleEntry[],
  mtime: Date,
  spool: Spool | undefined,
): Promise<void> {
  let crc = 0;
  let length = 0;
  let plain: Buffer[] = [];
  const add = (segment: Omit<Segment, "data">) => {
    crc = crc32Combine(crc, segment.crc, segment.length);
    length += segment.length;
  };
  const flushPlain = async (last: boolean) => {
    if (plain.length === 0 && !last) return;
    const segment = await deflateSegment(Buffer.concat(plain), last);
    plain = [];
    await out.write(segment.data);
    add(segment);
  };
  const header = (h: Omit<TarEntryHeader, "mtime">) => plain.push(tarHeader({ ...h, mtime }));

  await out.write(GZIP_HEADER);
  const dirs = new Set<string>([root]);
  header({ name: root, type: "directory", mode: 0o700, size: 0 });
  for (const entry of entries) {
    const dir = path.posix.dirname(entry.name);
    if (dir !== "." && !dirs.has(`${root}/${dir}`)) {
      dirs.add(`${root}/${dir}`);
      header({ name: `${root}/${dir}`, type: "directory", mode: 0o700, size: 0 });
    }
    header({ name: `${root}/${entry.name}`, type: "file", mode: 0o600, size: entry.size });
    if (entry.content) plain.push(entry.content, tarPadding(entry.content.length));
    else if (entry.compressed) {
      await flushPlain(false);
      for await (const chunk of spool!.read(entry.compressed.range)) await out.write(chunk);
      add(entry.compressed);
    }
  }
  plain.push(TAR_END);
  await flushPlain(true);
  await out.write(gzipTrailer(crc, length));
}

/** The partial file: written in order with back-pressure, counted and hashed as it goes. */
class ArchiveFile {
  readonly hash = createHash("sha256");
  bytes = 0;
  private readonly stream: fs.WriteStream;
  private failed: Error | undefined;

  constructor(private readonly fd: number) {
    this.stream = fs.createWriteStream("", { fd, autoClose: false });
    this.stream.on("error", (error) => (this.failed = error));
  }

  /** Resolves once `chunk` is written: the caller may then reuse it (the spool does). */
  async write(chunk: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    await new Promise<void>((resolve, reject) =>
      this.stream.write(chunk, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Everything written and flushed to the disk. */
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(() => resolve());
    });
    if (this.failed) throw this.failed;
    await new Promise<void>((resolve, reject) => fs.fsync(this.fd, (error) => (error ? reject(error) : resolve())));
  }
}

/** The hard link is the no-clobber step: it fails with EEXIST instead of replacing the target. */
function publish(partial: string, target: string): void {
  try {
    fs.linkSync(partial, target);
    fs.rmSync(partial, { force: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST")
      throw new UserError(`${target} already exists; support-bundle never overwrites a file: choose another --output`);
    // File systems without hard links: a rename, after one more look.
    if ((code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP") && !fs.existsSync(target))
      fs.renameSync(partial, target);
    else throw cannotWrite(target, error);
  }
}

function cannotWrite(target: string, error: unknown): UserError {
  const code = errorCode(error);
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "ENOENT"
        ? "its directory does not exist"
        : (error as Error).message;
  return new UserError(`cannot write the support bundle to ${target}: ${reason}`);
}
