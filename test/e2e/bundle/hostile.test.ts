// Hostile input gives a bundle, promptly and in bounded memory, never a crash: a config nested
// 5,000 or 100,000 deep (redacted and included), a config too large to include whole (cut, and
// said so), one over the snapshot's limit, a log with a 50 MB line.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox, type Sandbox } from "../helpers.js";
import { bundleFiles, runIn } from "./helpers.js";

const probe = path.join(import.meta.dirname, "../../../bench/rss-probe.cjs");

/** Runs the bundle with the RSS probe; its files and peak RSS. */
async function bundle(box: Sandbox, args: string[] = []) {
  const out = path.join(box.home, "out");
  fs.mkdirSync(out, { recursive: true });
  const rssFile = path.join(box.home, "rss");
  const result = runIn(box, ["support-bundle", ...args, "--output", path.join(out, "b.tar.gz")], {
    env: { NODE_OPTIONS: `--require=${probe}`, BENCH_RSS_FILE: rssFile },
  });
  expect(result.code, result.stderr).toBe(0);
  const files = await bundleFiles(path.join(out, "b.tar.gz"));
  return { files, rssMb: Number(fs.readFileSync(rssFile, "utf8")) / 1024, all: [...files.values()].join("\n") };
}

describe("hostile input in the bundle", () => {
  for (const depth of [5_000, 100_000]) {
    // The bench times these ("a config nested 100,000 deep: the bundle"); here the test's timeout
    // is the guard (a walk quadratic in the depth runs for minutes), since a loaded machine is slow.
    it(`a config nested ${depth.toLocaleString("en")} deep: a bundle, the config in it redacted`, async () => {
      const box = sandbox("healthy");
      const secret = "deep-nested-gateway-token-Qx81";
      const nested = `${'{ "a": '.repeat(depth)}[{ "apiKey": "inner-deep-key-Zr52" }]${" }".repeat(depth)}`;
      fs.writeFileSync(box.config, `{ "gateway": { "auth": { "token": "${secret}" } }, "x": ${nested} }\n`);
      const { files, all } = await bundle(box);
      expect(all).not.toContain(secret);
      expect(all).not.toContain("inner-deep-key-Zr52");
      const config = files.get("config.redacted.jsonc")!;
      expect(config).toMatch(
        /^\{ "gateway": \{ "auth": \{ "token": "\[REDACTED:[a-z-]+#\d+\]" \} \}, "x": \{ "a": \{ "a": /,
      );
      expect(config).toMatch(/"a": \[\{ "apiKey": "\[REDACTED:[a-z-]+#\d+\]" \}\] \} \}/);
      expect(files.get("summary.md")).toContain("does not parse"); // doctor's own limit: nested deeper than 1024 levels
    }, 30_000);
  }

  it("a config too large to be of use whole (12 MiB): its first 8 MiB, redacted, cut at a line end and marked, with a note", async () => {
    const box = sandbox("healthy");
    const secret = "huge-config-gateway-token-Wt47";
    // A key of the gateway's own (kept as it is) with 150,000 small entries.
    const routes = Array.from(
      { length: 150_000 },
      (_, i) => `    { "path": "/hook/${i}", "target": "${"n".repeat(48)}" }`,
    ).join(",\n");
    fs.writeFileSync(
      box.config,
      `{\n  "gateway": { "auth": { "token": "${secret}" } },\n  "routes": [\n${routes}\n  ]\n}\n`,
    );
    const { files, all, rssMb } = await bundle(box);
    expect(all).not.toContain(secret);
    const config = files.get("config.redacted.jsonc")!;
    expect(config).toMatch(/"token": "\[REDACTED:[a-z-]+#\d+\]"/);
    expect(Buffer.byteLength(config)).toBeLessThan(8.1 * 1024 * 1024);
    expect(config).toMatch(
      /\}, *\n\/\/ …\[cut: the other \d+\.\d MiB of ~\/\.clawdia\/clawdia\.json are not in the bundle\]\n$/,
    );
    const manifest = JSON.parse(files.get("manifest.json")!);
    expect(manifest.notes).toEqual([
      expect.stringMatching(
        /^config\.redacted\.jsonc holds the first 8\.0 MiB of ~\/\.clawdia\/clawdia\.json; the other \d+\.\d MiB were cut$/,
      ),
    ]);
    expect(files.get("summary.md")).toContain("config.redacted.jsonc holds the first 8.0 MiB");
    expect(rssMb).toBeLessThan(300);
  }, 60_000);

  it("a 100 MB config: not read (over the snapshot's 16 MiB limit), said so, the bundle made at once", async () => {
    const box = sandbox("healthy");
    const fd = fs.openSync(box.config, "w");
    fs.writeSync(fd, '{ "gateway": { "auth": { "token": "over-limit-token-Hn63" } }, "pad": "');
    for (let i = 0; i < 100; i++) fs.writeSync(fd, "p".repeat(1024 * 1024));
    fs.writeSync(fd, '" }\n');
    fs.closeSync(fd);
    const { files, rssMb, all } = await bundle(box);
    expect(rssMb).toBeLessThan(150);
    expect(all).not.toContain("over-limit-token-Hn63");
    expect(files.get("config.redacted.jsonc")).toMatch(
      /^\/\/ No config: ~\/\.clawdia\/clawdia\.json is too-large \(it is 100 MiB, over the 16 MiB limit\)\.\n$/,
    );
  }, 60_000);

  it("a log with a 50 MB line: the line cut at 64 KiB and marked, memory bounded, the lines around it whole", async () => {
    const box = sandbox("healthy");
    fs.mkdirSync(box.state("logs"));
    const log = box.state("logs", "gateway.log");
    const fd = fs.openSync(log, "w");
    fs.writeSync(fd, "2026-11-27T11:58:00Z before\n2026-11-27T11:59:00Z huge ");
    for (let i = 0; i < 50; i++) fs.writeSync(fd, "word ".repeat(200_000 + (i === 0 ? 1 : 0)).slice(0, 1024 * 1024));
    fs.writeSync(fd, "\n2026-11-27T11:59:30Z after\n");
    fs.closeSync(fd);
    for (const args of [
      ["--log-lines", "3"],
      ["--since", "5m"],
    ]) {
      const { files, rssMb } = await bundle(box, args);
      const lines = files.get("logs/gateway.log")!.split("\n");
      expect(lines[0]).toBe("2026-11-27T11:58:00Z before");
      expect(lines[1]).toMatch(/^2026-11-27T11:59:00Z huge (word )+…\[line cut: \d+ more bytes\]$/);
      expect(Buffer.byteLength(lines[1])).toBeLessThan(64 * 1024 + 100);
      expect(lines.slice(2)).toEqual(["2026-11-27T11:59:30Z after", ""]);
      expect(rssMb, args.join(" ")).toBeLessThan(150);
      fs.rmSync(path.join(box.home, "out"), { recursive: true });
    }
  }, 60_000);
});
