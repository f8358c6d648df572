// Log streaming: timestamps, the backwards tail, line selection and cutting, end to end on files.
import fs from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { collectLogs } from "../../src/bundle/logs/collect-logs.js";
import { LineSelector, SelectAndRedact, cutAtTokenBoundary, forEachLine } from "../../src/bundle/logs/select-lines.js";
import { findTailStart } from "../../src/bundle/logs/tail.js";
import { isoTime, jsonTime, lineTime } from "../../src/bundle/logs/timestamps.js";
import type { BundleEntry } from "../../src/bundle/archive.js";
import { Redactor } from "../../src/bundle/redact/redactor.js";
import { Spool } from "../../src/bundle/spool.js";

const T = Date.UTC(2026, 10, 27, 12, 0, 0);
const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-logs-test-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("timestamps", () => {
  const cases: [string, number | undefined][] = [
    ["2026-11-27T12:00:00Z started", T],
    ["2026-11-27T12:00:00.123Z started", T + 123],
    ["2026-11-27T13:00:00+01:00 started", T],
    ["2026-11-27T13:00:00+0100 started", T],
    ["[2026-11-27T12:00:00,5Z] started", T + 500],
    ["2026-11-27 12:00:00 Z started", T],
    ['{"level":30,"time":1795780800000,"msg":"pino"}', T],
    ['{"ts":1795780800.25,"msg":"zap"}', T + 250],
    ['{"msg":"bunyan","time":"2026-11-27T12:00:00.000Z"}', T],
    ['{"timestamp":"1795780800","msg":"seconds as text"}', T],
    ["    at Object.<anonymous> (x.js:1:1)", undefined],
    ["plain text", undefined],
    ['{"msg":"no time"}', undefined],
  ];
  for (const [line, expected] of cases) it(line, () => expect(lineTime(Buffer.from(line))).toBe(expected));

  it("a time without a zone is local time", () => {
    expect(isoTime("2026-11-27T12:00:00")).toBe(new Date(2026, 10, 27, 12).getTime());
    expect(jsonTime('{"time":"nonsense"}')).toBeUndefined();
  });
});

async function tailOf(text: string, lines: number, maxBytes = 1 << 30) {
  const file = path.join(tempDir(), "t.log");
  fs.writeFileSync(file, text);
  const handle = await open(file, "r");
  try {
    const { offset, midLine } = await findTailStart(handle, Buffer.byteLength(text), lines, maxBytes);
    return { rest: Buffer.from(text).subarray(offset).toString(), midLine };
  } finally {
    await handle.close();
  }
}

describe("the tail, read backwards", () => {
  it("the last N lines, with or without a final newline", async () => {
    expect((await tailOf("a\nb\nc\nd\n", 2)).rest).toBe("c\nd\n");
    expect((await tailOf("a\nb\nc\nd", 2)).rest).toBe("c\nd");
    expect((await tailOf("a\nb\n", 5)).rest).toBe("a\nb\n");
    expect((await tailOf("", 5)).rest).toBe("");
  });

  it("across chunk boundaries", async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${"x".repeat(i % 50)}`);
    const { rest } = await tailOf(lines.join("\n") + "\n", 1234);
    expect(rest.split("\n").slice(0, -1)).toEqual(lines.slice(-1234));
  });

  it("stops reading back after maxBytes and says it is mid-line", async () => {
    const text = "x".repeat(300_000) + "\nlast\n";
    const { rest, midLine } = await tailOf(text, 3, 100_000);
    expect(midLine).toBe(true);
    expect(rest.length).toBeLessThan(200_000);
  });
});

async function select(text: string | Buffer[], options: ConstructorParameters<typeof LineSelector>[0]) {
  const chunks = typeof text === "string" ? [Buffer.from(text)] : text;
  const selector = new LineSelector(options);
  const out: string[] = [];
  for (const chunk of chunks) forEachLine(selector.take(chunk), (line) => out.push(line));
  forEachLine(selector.end(), (line) => out.push(line));
  return { out, stats: selector.stats };
}

describe("selecting lines", () => {
  it("splits lines across chunks and drops \\r", async () => {
    const { out } = await select([Buffer.from("one\r\ntw"), Buffer.from("o\nthr"), Buffer.from("ee")], {});
    expect(out).toEqual(["one", "two", "three"]);
  });

  it("--since keeps dated lines at or after the time, and the undated lines that follow them", async () => {
    const text = [
      "2026-11-27T10:00:00Z old",
      "  old stack",
      "2026-11-27T12:00:00Z new",
      "  new stack",
      '{"time":"2026-11-27T11:00:00Z","m":"old json"}',
      '{"time":1795780900000,"m":"new json"}',
    ].join("\n");
    const { out } = await select(text, { since: T });
    expect(out).toEqual(["2026-11-27T12:00:00Z new", "  new stack", '{"time":1795780900000,"m":"new json"}']);
  });

  it("cuts an overlong line at a token boundary, without holding it", async () => {
    const secretish = "A".repeat(40);
    const long = "start " + "word ".repeat(30) + secretish + "B".repeat(1000);
    const { out, stats } = await select([Buffer.from(long.slice(0, 100)), Buffer.from(long.slice(100) + "\nnext\n")], {
      maxLineBytes: 180,
    });
    expect(out[0]).toMatch(/^start (word ){29}word …\[line cut: \d+ more bytes\]$/);
    expect(out[0]).not.toContain("AAAA");
    expect(out[1]).toBe("next");
    expect(stats.linesCut).toBe(1);
    expect(cutAtTokenBoundary("a b c-d=Ef")).toBe("a b ");
  });

  it("drops the first fragment when told the stream starts mid-line", async () => {
    expect((await select("ment\nwhole\n", { dropFirstLine: true })).out).toEqual(["whole"]);
  });
});

/** An entry's content, back out of its compressed body in the spool (the tar padding dropped). */
async function contentOf(spool: Spool, entry: BundleEntry): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of spool.read(entry.compressed!.range)) pieces.push(piece);
  const body = inflateRawSync(Buffer.concat(pieces), {
    finishFlush: 2 /* Z_SYNC_FLUSH: the segment is not the stream's last */,
  });
  expect(body.length).toBe(entry.compressed!.length);
  return body.subarray(0, entry.size).toString("utf8");
}

describe("SelectAndRedact", () => {
  const big = Array.from({ length: 5000 }, (_, i) => `line ${i} token=opaque-${i}-value ${"x".repeat(i % 50)}`);
  const cases: [string, string, string[]][] = [
    ["one empty line", "\n", [""]],
    ["an empty line last", "a\n\n", ["a", ""]],
    ["no newline at the end", "a\nb", ["a", "b"]],
    ["more lines than a slice", big.join("\n") + "\n", big],
    ["more lines than a slice, an empty one last", big.join("\n") + "\n\n", [...big, ""]],
    ["CRs dropped", "a\r\nb\r\n", ["a", "b"]],
  ];
  for (const [what, text, lines] of cases) {
    it(`${what}: every line redacted, one newline after each, counted`, async () => {
      const redactor = new Redactor({ secrets: [], home: "/home/nobody" });
      const stream = new SelectAndRedact(redactor);
      const out: Buffer[] = [];
      const bytes = Buffer.from(text);
      const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 100_003), bytes.subarray(100_003)];
      for await (const piece of Readable.from(chunks).pipe(stream)) out.push(piece as Buffer);
      expect(Buffer.concat(out).toString()).toBe(lines.map((line) => redactor.redactLine(line) + "\n").join(""));
      expect(stream.lines).toBe(lines.length);
    });
  }
});

describe("collectLogs", () => {
  it("writes the redacted tail of each *.log and reports it", async () => {
    const dir = tempDir();
    const logs = path.join(dir, "logs");
    fs.mkdirSync(logs);
    fs.writeFileSync(
      path.join(logs, "gateway.log"),
      Array.from(
        { length: 100 },
        (_, i) => `2026-11-27T11:${String(i % 60).padStart(2, "0")}:00Z line ${i} token=opaque-${i}-value`,
      ).join("\n") + "\n",
    );
    fs.writeFileSync(path.join(logs, "other.txt"), "not a log\n");
    fs.mkdirSync(path.join(logs, "dir.log"));
    const spool = new Spool();
    const redactor = new Redactor({ secrets: [], home: "/home/nobody" });
    const { entries, reports } = await collectLogs(logs, spool, redactor, { lines: 10 });
    expect(entries.map((e) => e.name)).toEqual(["logs/gateway.log"]);
    const text = await contentOf(spool, entries[0]);
    expect(text.split("\n")).toHaveLength(11);
    expect(text).toContain("line 99 token=[REDACTED:");
    expect(text).not.toContain("opaque-");
    expect(entries[0].size).toBe(Buffer.byteLength(text));
    expect(reports[0]).toMatchObject({ name: "gateway.log", linesKept: 10 });
  });

  it("--since with --log-lines keeps the last N of the lines since", async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "g.log"),
      ["2026-11-27T10:00:00Z a", "2026-11-27T12:00:00Z b", "2026-11-27T12:01:00Z c", "2026-11-27T12:02:00Z d"].join(
        "\n",
      ) + "\n",
    );
    const redactor = new Redactor({ secrets: [], home: "/home/nobody" });
    const spool = new Spool();
    const { entries, reports } = await collectLogs(dir, spool, redactor, { lines: 2, since: T });
    expect(await contentOf(spool, entries[0])).toBe("2026-11-27T12:01:00Z c\n2026-11-27T12:02:00Z d\n");
    expect(reports[0].linesKept).toBe(2);
  });
});
