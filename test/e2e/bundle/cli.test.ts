// `clawdia support-bundle` as a user runs it: where the file goes and how it is refused, exit codes,
// --json, broken state, log selection, progress only on a terminal, and a state left untouched.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  HAS_SCRIPT,
  NOW,
  parseStdout,
  runOnTty,
  sandbox,
  STACK_FRAME,
  startCli,
  tree,
  type Sandbox,
} from "../helpers.js";
import { bundleFiles, bundleIn, runIn } from "./helpers.js";

function outDir(box: Sandbox): string {
  const dir = path.join(box.home, "out");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function withLog(box: Sandbox, lines: string[], name = "gateway.log"): void {
  fs.mkdirSync(box.state("logs"), { recursive: true });
  fs.writeFileSync(box.state("logs", name), lines.join("\n") + "\n");
}

const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

describe("where the bundle goes", () => {
  it("by default clawdia-support-<timestamp>.tar.gz in the current directory, mode 0600, its path printed; nothing on stderr on a pipe", () => {
    const box = sandbox("healthy");
    const cwd = outDir(box);
    const result = runIn(box, ["support-bundle"], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const file = bundleIn(cwd);
    expect(path.basename(file)).toBe("clawdia-support-20261127T120000Z.tar.gz");
    // Only the path, so `path=$(clawdia support-bundle)` gets it whole.
    expect(result.stdout).toBe(`${file}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // A second bundle in the same second gets its own name.
    expect(runIn(box, ["support-bundle"], { cwd }).code).toBe(0);
    expect(fs.existsSync(path.join(cwd, "clawdia-support-20261127T120000Z-2.tar.gz"))).toBe(true);
  });

  it("--output to a new path writes there; the system tar reads it", () => {
    const box = sandbox("healthy");
    outDir(box);
    const result = runIn(box, ["support-bundle", "--output", "out/mine.tgz"], { cwd: box.home });
    expect(result.code, result.stderr).toBe(0);
    const listed = spawnSync("tar", ["-tzf", path.join(box.home, "out/mine.tgz")], { encoding: "utf8" });
    if (listed.status !== null && !listed.error) expect(listed.stdout).toContain("mine/manifest.json");
  });

  it("--output to an existing file, directory or symbolic link is refused and nothing is touched", () => {
    const box = sandbox("healthy");
    const cwd = outDir(box);
    fs.writeFileSync(path.join(cwd, "taken.tar.gz"), "precious");
    fs.symlinkSync(path.join(cwd, "nowhere"), path.join(cwd, "dangling.tar.gz"));
    for (const target of ["taken.tar.gz", ".", "dangling.tar.gz"]) {
      const result = runIn(box, ["support-bundle", "--output", target], { cwd });
      expect(result.code, target).toBe(1);
      expect(result.stderr).toMatch(/already exists; support-bundle never overwrites a file/);
      expect(result.stderr).not.toContain(STACK_FRAME);
    }
    expect(fs.readFileSync(path.join(cwd, "taken.tar.gz"), "utf8")).toBe("precious");
    expect(fs.existsSync(path.join(cwd, "nowhere"))).toBe(false);
    expect(fs.readdirSync(cwd).sort()).toEqual(["dangling.tar.gz", "taken.tar.gz"]);
  });

  it("an output directory that does not exist is a clear error", () => {
    const box = sandbox("healthy");
    const result = runIn(box, ["support-bundle", "--output", "no/such/dir/b.tar.gz"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^clawdia: cannot write the support bundle to .*b\.tar\.gz: the directory .*no\/such\/dir does not exist\n$/,
    );
  });

  it("an output inside the state directory is refused: the state is never changed", () => {
    const box = sandbox("healthy");
    const before = tree(box.stateDir);
    const result = runIn(box, ["support-bundle", "--output", path.join(box.stateDir, "b.tar.gz")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/inside the state directory/);
    expect(tree(box.stateDir)).toEqual(before);
  });
});

describe("usage", () => {
  const bad: [string, string[], RegExp][] = [
    ["--log-lines 0", ["--log-lines", "0"], /--log-lines must be a whole number from 1/],
    ["--log-lines -5", ["--log-lines", "-5"], /--log-lines must be a whole number/],
    ["--log-lines 10k", ["--log-lines", "10k"], /--log-lines must be a whole number/],
    ["--since nonsense", ["--since", "nonsense"], /--since "nonsense" is not a duration/],
    ["--since 0h", ["--since", "0h"], /--since must be more than zero/],
    ["an unknown flag", ["--frobnicate"], /unknown option/],
    ["--output without a path", ["--output"], /argument missing/],
  ];
  for (const [what, args, message] of bad) {
    it(`${what} is exit 64, and no bundle`, () => {
      const box = sandbox("healthy");
      const cwd = outDir(box);
      const result = runIn(box, ["support-bundle", ...args], { cwd });
      expect(result.code).toBe(64);
      expect(result.stderr).toMatch(message);
      expect(fs.readdirSync(cwd)).toEqual([]);
    });
  }

  it("--help names every flag and the exit codes", () => {
    const result = runIn(sandbox(), ["support-bundle", "--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--output", "--json", "--log-lines", "--since"]) expect(result.stdout).toContain(flag);
    expect(result.stdout).toMatch(/64 bad usage/);
  });
});

describe("--json", () => {
  it("prints the manifest, with the bundle's path, size and sha256", async () => {
    const box = sandbox("healthy");
    const cwd = outDir(box);
    const out = parseStdout(runIn(box, ["support-bundle", "--json"], { cwd }));
    const file = bundleIn(cwd);
    expect(out.bundle.path).toBe(file);
    expect(out.bundle.size).toBe(fs.statSync(file).size);
    expect(out.bundle.sha256).toBe(createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
    const { bundle, ...manifest } = out;
    expect(manifest).toEqual(JSON.parse((await bundleFiles(file)).get("manifest.json")!));
    expect(manifest).toMatchObject({
      schemaVersion: 1,
      tool: { name: "clawdia" },
      createdAt: new Date(NOW).toISOString(),
      logSelection: { lines: 2000 },
    });
    expect(manifest.files.map((f: any) => f.name)).toEqual(
      expect.arrayContaining([
        "summary.md",
        "doctor.json",
        "models-status.json",
        "config.redacted.jsonc",
        "auth/main.json",
        "env.json",
        "daemon.json",
        "system.json",
      ]),
    );
  });
});

describe("a broken state still gives a bundle", () => {
  it("an unparseable config and store: reported, redacted, state untouched", async () => {
    const box = sandbox();
    fs.mkdirSync(box.stateDir, { mode: 0o700 });
    const secret = "sk-ant-api03-Qc01BrokenStoreKey0123456789abcdefXYZ";
    const configSecret = "Qc02-broken-config-gateway-token-value";
    fs.writeFileSync(
      box.config,
      `{ "agents": { "list": [{ "id": "main" }] }, "gateway": { "auth": { "token": "${configSecret}" } }, oops\n`,
      { mode: 0o600 },
    );
    fs.mkdirSync(path.dirname(box.store()), { recursive: true });
    fs.writeFileSync(
      box.store(),
      `{ "version": 1, "profiles": { "anthropic:default": { "type": "api_key", "key": "${secret}" } `,
      { mode: 0o600 },
    );
    withLog(box, [`${minutesAgo(5)} error store unreadable, key was ${secret.slice(0, 30)}… token ${configSecret}`]);
    const before = tree(box.home);
    const cwd = path.join(box.home, "..", path.basename(box.home) + "-out");
    fs.mkdirSync(cwd);
    try {
      const result = runIn(box, ["support-bundle", "--output", path.join(cwd, "b.tar.gz")]);
      expect(result.code, result.stderr).toBe(0);
      expect(tree(box.home)).toEqual(before);
      const files = await bundleFiles(path.join(cwd, "b.tar.gz"));
      const all = [...files.values()].join("\n");
      expect(all).not.toContain(secret.slice(0, 16));
      expect(all).not.toContain(configSecret.slice(0, 16));
      expect(files.get("config.redacted.jsonc")).toMatch(/"token": "\[REDACTED:secret#\d+\]"/);
      expect(JSON.parse(files.get("auth/main.json")!).store).toMatchObject({
        status: "unparseable",
        problems: expect.arrayContaining([expect.objectContaining({ line: 1 })]),
      });
      const doctor = JSON.parse(files.get("doctor.json")!);
      expect(doctor.findings.map((f: any) => f.ruleId)).toEqual(
        expect.arrayContaining(["config/invalid", "store/invalid"]),
      );
      expect(files.get("summary.md")).toContain("does not parse");
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("an empty home: no state, no logs, no daemon", async () => {
    const box = sandbox();
    const cwd = outDir(box);
    expect(runIn(box, ["support-bundle"], { cwd }).code).toBe(0);
    const files = await bundleFiles(bundleIn(cwd));
    expect(files.get("config.redacted.jsonc")).toBe("// No config: ~/.clawdia/clawdia.json is missing.\n");
    expect(files.get("summary.md")).toContain("No *.log file in the logs directory.");
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });
});

describe("logs", () => {
  const lines = Array.from({ length: 50 }, (_, i) => `${minutesAgo(50 - i)} info event ${i}`);

  it("the last N lines with --log-lines", async () => {
    const box = sandbox("healthy");
    withLog(box, lines);
    const cwd = outDir(box);
    expect(runIn(box, ["support-bundle", "--log-lines", "5"], { cwd }).code).toBe(0);
    const files = await bundleFiles(bundleIn(cwd));
    expect(files.get("logs/gateway.log")).toBe(lines.slice(-5).join("\n") + "\n");
    expect(JSON.parse(files.get("manifest.json")!).logs[0]).toMatchObject({ name: "gateway.log", linesKept: 5 });
  });

  it("the lines since DURATION with --since, also in JSON lines; with --log-lines, the last N of those", async () => {
    const box = sandbox("healthy");
    withLog(box, lines);
    withLog(
      box,
      [
        `{"level":30,"time":${NOW - 3 * 3_600_000},"msg":"old"}`,
        `{"level":30,"time":${NOW - 60_000},"msg":"recent"}`,
        "  continuation of recent",
      ],
      "worker.log",
    );
    const cwd = outDir(box);
    expect(runIn(box, ["support-bundle", "--since", "10m", "--output", "a.tar.gz"], { cwd }).code).toBe(0);
    const since = await bundleFiles(path.join(cwd, "a.tar.gz"));
    expect(since.get("logs/gateway.log")).toBe(lines.slice(40).join("\n") + "\n");
    expect(since.get("logs/worker.log")).toBe(
      `{"level":30,"time":${NOW - 60_000},"msg":"recent"}\n  continuation of recent\n`,
    );
    expect(
      runIn(box, ["support-bundle", "--since", "10m", "--log-lines", "3", "--output", "b.tar.gz"], { cwd }).code,
    ).toBe(0);
    expect((await bundleFiles(path.join(cwd, "b.tar.gz"))).get("logs/gateway.log")).toBe(
      lines.slice(-3).join("\n") + "\n",
    );
  });

  it("--since finds its start by a binary search over an ordered log (read from near its recent lines); a log out of order is read whole", async () => {
    const box = sandbox("healthy");
    // 120,000 lines over the last 2 hours, ~7 MB; --since 10m wants the last 10,000.
    const ordered = Array.from(
      { length: 120_000 },
      (_, i) => `${new Date(NOW - 7_200_000 + i * 60).toISOString()} info request ${i} took ${i % 997} ms`,
    );
    withLog(box, ordered);
    // The last hour, then the hour before: an older log appended after a newer one. Trusting the order
    // would skip the recent lines at its start.
    withLog(
      box,
      [...ordered.slice(60_000), ...ordered.slice(0, 60_000)].map((line) => line.replace("info", "warn")),
      "rotated.log",
    );
    const cwd = outDir(box);
    const result = runIn(box, ["support-bundle", "--since", "10m", "--json", "--output", "s.tar.gz"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(result.stdout);
    const files = await bundleFiles(path.join(cwd, "s.tar.gz"));
    const expected = ordered.filter((line) => Date.parse(line.slice(0, 24)) >= NOW - 600_000);
    expect(files.get("logs/gateway.log")).toBe(expected.join("\n") + "\n");
    const gateway = manifest.logs.find((log: any) => log.name === "gateway.log");
    expect(gateway.readFrom / gateway.sourceBytes, "read from near the end").toBeGreaterThan(0.9);
    expect(files.get("logs/rotated.log")).toBe(expected.map((line) => line.replace("info", "warn")).join("\n") + "\n");
    expect(manifest.logs.find((log: any) => log.name === "rotated.log")).toMatchObject({
      readFrom: 0,
      linesKept: 10_000,
    });
  }, 60_000);

  it.runIf(fs.existsSync("/proc/self/io"))(
    "one pass: --since reads each log once (what the process reads is the log and a fixed amount), and makes no file in TMPDIR",
    async () => {
      const box = sandbox("healthy");
      withLog(
        box,
        Array.from({ length: 200_000 }, (_, i) => `${minutesAgo(30)} info request ${i} ok`),
      );
      const logBytes = fs.statSync(box.state("logs", "gateway.log")).size; // ~8 MB, compressed well under the spool's 1 MiB
      const cwd = outDir(box);
      const tmp = path.join(box.home, "tmp");
      fs.mkdirSync(tmp);
      const made: string[] = [];
      const watcher = fs.watch(tmp, (_event, name) => made.push(String(name)));
      const readBytes = path.join(box.home, "read-bytes");
      const probe = path.join(import.meta.dirname, "read-bytes-probe.cjs");
      const result = await startCli(box, ["support-bundle", "--since", "1h", "--output", path.join(cwd, "b.tar.gz")], {
        env: { TMPDIR: tmp, NODE_OPTIONS: `--require=${probe}`, READ_BYTES_FILE: readBytes },
      });
      watcher.close();
      expect(result.code, result.stderr).toBe(0);
      const read = Number(fs.readFileSync(readBytes, "utf8"));
      // The fixed amount: the CLI's bundle, its code cache and the worker's bundle (~3 MB), the
      // state, and the search's windows; a second read of the log would be 9 MB more.
      expect(read - logBytes, `read ${read} bytes for a log of ${logBytes}`).toBeLessThan(4.5 * 1024 * 1024);
      expect(made).toEqual([]);
      expect((await bundleFiles(path.join(cwd, "b.tar.gz"))).get("logs/gateway.log")!.split("\n")).toHaveLength(
        200_001,
      );
    },
    60_000,
  );

  it("a log whose compressed lines outgrow the memory spool: read back whole from the private spool file, which is then removed", async () => {
    const box = sandbox("healthy");
    const lines = Array.from(
      { length: 400_000 },
      (_, i) =>
        `${minutesAgo(30)} info request ${i} ${(i * 2654435761) % 4294967296} ${((i * 40503) % 65536).toString(36)} done in ${i % 997} ms`,
    );
    withLog(box, lines);
    const cwd = outDir(box);
    const tmp = path.join(box.home, "tmp");
    fs.mkdirSync(tmp);
    const result = runIn(box, ["support-bundle", "--log-lines", "10000000", "--json", "--output", "big.tar.gz"], {
      cwd,
      env: { TMPDIR: tmp },
    });
    expect(result.code, result.stderr).toBe(0);
    const log = (await bundleFiles(path.join(cwd, "big.tar.gz"))).get("logs/gateway.log")!;
    expect(log).toBe(lines.join("\n") + "\n");
    const entry = JSON.parse(result.stdout).files.find((f: any) => f.name === "logs/gateway.log");
    expect(entry).toEqual({
      name: "logs/gateway.log",
      size: Buffer.byteLength(log),
      sha256: createHash("sha256").update(log).digest("hex"),
    });
    expect(fs.readdirSync(tmp)).toEqual([]);
  }, 60_000);

  it("a 1 GB log is never read into memory: the tail and --since both stay under 150 MB of RSS", async () => {
    const box = sandbox("healthy");
    fs.mkdirSync(box.state("logs"), { recursive: true });
    const log = box.state("logs", "huge.log");
    fs.writeFileSync(log, "");
    fs.truncateSync(log, 1024 ** 3); // sparse: one gigabyte of NULs with no newline, then real lines
    fs.appendFileSync(log, "\n" + lines.join("\n") + "\n");
    const cwd = outDir(box);
    const probe = path.join(import.meta.dirname, "../../../bench/rss-probe.cjs");
    for (const args of [
      ["--log-lines", "3"],
      ["--since", "2m"],
    ]) {
      const rssFile = path.join(box.home, "rss");
      const result = runIn(box, ["support-bundle", ...args, "--output", `${args[0]}.tar.gz`], {
        cwd,
        env: { NODE_OPTIONS: `--require=${probe}`, BENCH_RSS_FILE: rssFile },
      });
      expect(result.code, result.stderr).toBe(0);
      const rssMb = Number(fs.readFileSync(rssFile, "utf8")) / 1024;
      expect(rssMb, `${args.join(" ")}: peak RSS ${rssMb} MB`).toBeLessThan(150);
      const kept = (await bundleFiles(path.join(cwd, `${args[0]}.tar.gz`))).get("logs/huge.log")!;
      expect(kept).toBe(lines.slice(args[0] === "--since" ? -2 : -3).join("\n") + "\n");
    }
  }, 120_000);
});

describe("progress", () => {
  it.runIf(HAS_SCRIPT)("is shown on a terminal (stderr) and cleared", async () => {
    const box = sandbox("healthy");
    withLog(box, ["x"]);
    outDir(box);
    const { code, output } = await runOnTty(
      box,
      ["support-bundle", "--output", path.join(box.home, "out", "t.tar.gz")],
      /Support bundle written/,
      "",
    );
    expect(code, output).toBe(0);
    expect(output).toMatch(/support-bundle: (reading the state|running doctor|redacting logs|compressing)/);
    expect(output).toContain("\x1b[2K");
  });
});
