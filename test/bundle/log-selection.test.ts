// --since by binary search, and the last N of the lines since by reading back, choose exactly the
// lines a scan of the whole file chooses: checked on random logs (dated and undated lines, CRLF,
// overlong lines, clocks a little out of order) with windows small enough that the search does work.
import fc from "fast-check";
import fs from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { forEachLine, LineSelector, type SelectOptions } from "../../src/bundle/logs/select-lines.js";
import { findSinceStart, type SinceSearchOptions } from "../../src/bundle/logs/since-start.js";
import { findTailStart } from "../../src/bundle/logs/tail.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-selection-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

const T0 = Date.UTC(2026, 10, 27, 0, 0, 0);
const MAX_LINE = 120;
const SEARCH: SinceSearchOptions = { window: 256, probeLimit: 2048, slackMs: 60_000, maxLineBytes: MAX_LINE };

/** The lines chosen from `from` on, the file read 97 bytes at a time into one reused buffer. */
async function selected(file: string, from: number, options: SelectOptions): Promise<string[]> {
  return selectChunks(fs.readFileSync(file).subarray(from), [97], options);
}

/**
 * The lines LineSelector chooses, given `bytes` in chunks of the given sizes, each copied into one
 * reused buffer: what take() returns is used before the buffer is overwritten, as collect-logs does.
 */
function selectChunks(bytes: Buffer, sizes: number[], options: SelectOptions = {}): string[] {
  const selector = new LineSelector({ maxLineBytes: MAX_LINE, ...options });
  const scratch = Buffer.alloc(Math.max(...sizes));
  const out: string[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.min(sizes[i % sizes.length], bytes.length - at);
    bytes.copy(scratch, 0, at, at + size);
    forEachLine(selector.take(scratch.subarray(0, size)), (line) => out.push(line));
    scratch.fill(0x2a); // what was given is gone
    at += size;
  }
  forEachLine(selector.end(), (line) => out.push(line));
  return out;
}

/** A log line: dated (ISO or JSON), undated (a stack frame), or overlong; with or without CR. */
const line = (time: number) =>
  fc
    .tuple(fc.constantFrom("iso", "json", "undated", "long"), fc.boolean(), fc.string({ maxLength: 20 }))
    .map(([kind, crlf, text]) => {
      const clean = text.replace(/[\r\n]/g, " ");
      const body =
        kind === "iso"
          ? `${new Date(time).toISOString()} info ${clean}`
          : kind === "json"
            ? `{"time":${time},"msg":${JSON.stringify(clean)}}`
            : kind === "undated"
              ? `    at ${clean}`
              : `${new Date(time).toISOString()} ${"x".repeat(MAX_LINE + 50)}`;
      return body + (crlf ? "\r" : "");
    });

/** Lines in time order, each up to 25 s earlier than the one before (slack is 60 s). */
const orderedLog = fc
  .array(
    fc.tuple(fc.noBias(fc.integer({ min: 0, max: 120_000 })), fc.noBias(fc.integer({ min: -25_000, max: 25_000 }))),
    { minLength: 1, maxLength: 300, size: "max" },
  )
  .chain((steps) => {
    let clock = T0;
    const times = steps.map(([step, jitter]) => (clock += step) + jitter);
    return fc
      .tuple(fc.tuple(...times.map(line)), fc.boolean())
      .map(([lines, finalNewline]) => ({ text: lines.join("\n") + (finalNewline ? "\n" : ""), times }));
  });

function write(text: string): string {
  const file = path.join(dir, `log-${files++}.log`);
  fs.writeFileSync(file, text);
  return file;
}

describe("--since by binary search", () => {
  it("keeps exactly the lines a scan from the start keeps", async () => {
    let searched = 0;
    await fc.assert(
      fc.asyncProperty(
        orderedLog,
        fc.noBias(fc.integer({ min: 0, max: 1000 })).map((n) => n / 1000),
        async ({ text, times }, at) => {
          const since = Math.round(times[0] + (times.at(-1)! - times[0]) * at);
          const file = write(text);
          const handle = await open(file, "r");
          try {
            const { offset, how, settleAfter } = await findSinceStart(handle, fs.statSync(file).size, since, SEARCH);
            if (how === "search") searched++;
            expect(await selected(file, offset, { since, settleAfter })).toEqual(await selected(file, 0, { since }));
          } finally {
            await handle.close();
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(searched, "runs where the search, not a scan, found the start").toBeGreaterThan(60);
  });

  it("searches an ordered file (reads from near the start of the recent lines), scans one whose times are not in order", async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `${new Date(T0 + i * 1000).toISOString()} info event ${i}`);
    const ordered = write(lines.join("\n") + "\n");
    const since = T0 + 19_000 * 1000;
    let handle = await open(ordered, "r");
    const found = await findSinceStart(handle, fs.statSync(ordered).size, since);
    await handle.close();
    expect(found.how).toBe("search");
    const boundary = Buffer.byteLength(lines.slice(0, 19_000).join("\n") + "\n");
    expect(found.offset).toBeLessThanOrEqual(boundary);
    expect(boundary - found.offset).toBeLessThan(256 * 1024);
    // Two rotations appended one after the other: the second restarts the clock.
    const twice = write([...lines, ...lines].join("\n") + "\n");
    handle = await open(twice, "r");
    const again = await findSinceStart(handle, fs.statSync(twice).size, since);
    await handle.close();
    expect(again).toEqual({ offset: 0, how: "scan" }); // and no settleAfter: every line's time is read
    expect(await selected(twice, 0, { since })).toHaveLength(2000);
  });

  it("a file without times, or one huge line, is scanned", async () => {
    const undated = write(Array.from({ length: 20_000 }, (_, i) => `plain line ${i}`).join("\n"));
    const huge = write(
      `${new Date(T0).toISOString()} ${"y".repeat(3_000_000)}\n${new Date(T0 + 1000).toISOString()} after\n`,
    );
    for (const file of [undated, huge]) {
      const handle = await open(file, "r");
      expect((await findSinceStart(handle, fs.statSync(file).size, T0 + 500)).offset).toBe(0);
      await handle.close();
    }
  });
});

describe("the last N of the lines since, read back from the end", () => {
  it("keeps exactly the last N lines of those a scan keeps", async () => {
    await fc.assert(
      fc.asyncProperty(
        orderedLog,
        fc.noBias(fc.integer({ min: 0, max: 1000 })).map((n) => n / 1000),
        fc.integer({ min: 1, max: 60 }),
        async ({ text, times }, at, n) => {
          const since = Math.round(times[0] + (times.at(-1)! - times[0]) * at);
          const file = write(text);
          const size = fs.statSync(file).size;
          const handle = await open(file, "r");
          try {
            const { offset: floor, settleAfter } = await findSinceStart(handle, size, since, SEARCH);
            const tail = await findTailStart(handle, size, n, Number.MAX_SAFE_INTEGER, {
              since,
              floor,
              maxLineBytes: MAX_LINE,
            });
            const got = await selected(file, tail.offset, {
              since,
              keeping: tail.keeping,
              dropFirstLine: tail.midLine,
              settleAfter,
            });
            expect(got).toEqual((await selected(file, 0, { since })).slice(-n));
          } finally {
            await handle.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("selecting lines in runs", () => {
  it("gives the same lines whatever the chunk boundaries, each line whole (CR dropped) or cut and marked", async () => {
    await fc.assert(
      fc.asyncProperty(
        orderedLog,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 10 }),
        async ({ text }, sizes) => {
          const bytes = Buffer.from(text);
          const whole = selectChunks(bytes, [bytes.length || 1]);
          expect(selectChunks(bytes, sizes)).toEqual(whole);
          const lines = text.split("\n");
          if (text.endsWith("\n")) lines.pop();
          expect(whole).toHaveLength(lines.length);
          lines.forEach((l, i) => {
            const plain = l.replace(/\r$/, "");
            if (Buffer.byteLength(plain) <= MAX_LINE) expect(whole[i]).toBe(plain);
            else
              expect(whole[i]).toMatch(
                new RegExp(`…\\[line cut: ${Buffer.byteLength(plain) - MAX_LINE} more bytes\\]$`),
              );
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
