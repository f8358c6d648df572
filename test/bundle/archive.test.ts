// The archive's parts: tar headers byte for byte tar-stream's, CRC-32s combined as zlib would compute
// them over the whole, sync-flushed segments that make one gzip member, a spool that spills to a file.
import fc from "fast-check";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import tar from "tar-stream";
import { afterEach, describe, expect, it } from "vitest";
import { writeArchive, type BundleEntry } from "../../src/bundle/archive.js";
import { crc32Combine, deflateSegment, GZIP_HEADER, gzipTrailer } from "../../src/bundle/gzip-segments.js";
import { contentEntry } from "../../src/bundle/manifest.js";
import { Spool } from "../../src/bundle/spool.js";
import { TAR_END, tarHeader, tarPadding, type TarEntryHeader } from "../../src/bundle/tar-header.js";
import { readBundle } from "../e2e/bundle/helpers.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-archive-test-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** What tar-stream's pack writes before an entry's content. */
async function tarStreamHeader(header: TarEntryHeader): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (chunk: unknown) => void chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  if (header.type === "file") pack.entry({ ...header, uid: 0, gid: 0 }, Buffer.alloc(header.size));
  else pack.entry({ ...header, uid: 0, gid: 0 });
  pack.finalize();
  await ended;
  const all = Buffer.concat(chunks);
  return all.subarray(0, all.length - TAR_END.length - header.size - tarPadding(header.size).length);
}

describe("tar headers", () => {
  const mtime = new Date(Date.UTC(2026, 10, 27, 12));
  const long = "clawdia-support-20261127T120000Z/logs/" + "a-very-long-log-file-name-".repeat(5) + ".log";
  const cases: [string, TarEntryHeader][] = [
    ["a directory", { name: "clawdia-support-20261127T120000Z", type: "directory", mode: 0o700, size: 0, mtime }],
    [
      "a file",
      { name: "clawdia-support-20261127T120000Z/logs/gateway.log", type: "file", mode: 0o600, size: 12345, mtime },
    ],
    ["a name split into prefix and name", { name: long, type: "file", mode: 0o600, size: 7, mtime }],
    [
      "a name with no slash to split at: pax",
      { name: "x/" + "b".repeat(150), type: "file", mode: 0o600, size: 3, mtime },
    ],
    [
      "a name that is not ASCII: pax",
      { name: "clawdia-support/logs/journal-été.log", type: "file", mode: 0o600, size: 513, mtime },
    ],
  ];
  for (const [what, header] of cases) {
    it(`${what}: the bytes tar-stream writes`, async () => {
      expect(tarHeader(header).equals(await tarStreamHeader(header))).toBe(true);
    });
  }

  it("a size past 8 GiB is written in base-256", () => {
    const block = tarHeader({ name: "big.log", type: "file", mode: 0o600, size: 9 * 1024 ** 3, mtime });
    expect(block[124]).toBe(0x80);
    expect(block.readUIntBE(124 + 6, 6)).toBe(9 * 1024 ** 3);
  });
});

describe("gzip segments", () => {
  it("crc32Combine gives the CRC-32 of the concatenation", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(zlib.crc32(Buffer.concat([a, b])));
      }),
    );
    expect(crc32Combine(0, 0x12345678, 0)).toBe(0x12345678);
  });

  it("segments compressed apart make one gzip member that gunzip and inflate read whole", async () => {
    const parts = [Buffer.from("first part "), Buffer.alloc(0), Buffer.from("x".repeat(100_000)), Buffer.from(" last")];
    let crc = 0;
    let length = 0;
    const out: Buffer[] = [GZIP_HEADER];
    for (const [i, part] of parts.entries()) {
      const segment = await deflateSegment(part, i === parts.length - 1);
      out.push(segment.data);
      crc = crc32Combine(crc, segment.crc, segment.length);
      length += segment.length;
    }
    out.push(gzipTrailer(crc, length));
    expect(zlib.gunzipSync(Buffer.concat(out)).equals(Buffer.concat(parts))).toBe(true);
  });
});

describe("the spool", () => {
  it("keeps its first bytes in memory and the rest in a private file, and reads any range back", async () => {
    const tmp = tempDir();
    const spool = new Spool(10, tmp);
    const bytes = Buffer.from("0123456789abcdefghijklmnopqrstuvwxyz");
    for (let at = 0; at < bytes.length; at += 7) await spool.append(bytes.subarray(at, at + 7));
    const [dir] = fs.readdirSync(tmp);
    expect(dir).toMatch(/^clawdia-bundle-/);
    expect(fs.statSync(path.join(tmp, dir)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(tmp, dir, "logs.spool")).mode & 0o777).toBe(0o600);
    const read = async (start: number, end: number) => {
      const pieces: Buffer[] = [];
      for await (const piece of spool.read({ start, end })) pieces.push(piece);
      return Buffer.concat(pieces).toString();
    };
    expect(await read(0, 36)).toBe(bytes.toString());
    expect(await read(3, 9)).toBe("345678");
    expect(await read(5, 30)).toBe(bytes.subarray(5, 30).toString());
    expect(await read(20, 36)).toBe(bytes.subarray(20).toString());
    spool.close();
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

describe("writeArchive", () => {
  it("small files and spooled bodies in order, one gzip member, the same tar as tar-stream would make", async () => {
    const dir = tempDir();
    const spool = new Spool(16, tempDir());
    const log = "line one\nline two\n".repeat(100);
    const body = Buffer.concat([Buffer.from(log), tarPadding(log.length)]);
    const segment = await deflateSegment(body);
    const start = spool.length;
    await spool.append(segment.data);
    const entries: BundleEntry[] = [
      contentEntry("manifest.json", "{}\n"),
      contentEntry("auth/main.json", "[]\n"),
      {
        name: "logs/gateway.log",
        size: log.length,
        sha256: "",
        compressed: { range: { start, end: spool.length }, crc: segment.crc, length: segment.length },
      },
      contentEntry("logs/after.log", "tail\n"),
    ];
    const target = path.join(dir, "b.tar.gz");
    const written = await writeArchive(target, "b", entries, new Date(Date.UTC(2026, 10, 27)), spool);
    spool.close();
    expect(written.size).toBe(fs.statSync(target).size);
    expect(fs.readdirSync(dir)).toEqual(["b.tar.gz"]);
    const files = await readBundle(target);
    expect([...files.keys()]).toEqual([
      "b",
      "b/manifest.json",
      "b/auth",
      "b/auth/main.json",
      "b/logs",
      "b/logs/gateway.log",
      "b/logs/after.log",
    ]);
    expect(files.get("b/logs/gateway.log")!.text).toBe(log);
    expect(files.get("b/logs/after.log")!.text).toBe("tail\n");
    expect(files.get("b/auth")!.mode).toBe(0o700);
  });
});
