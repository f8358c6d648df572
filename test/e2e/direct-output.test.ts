// The CLI writes stdout and stderr straight to their file descriptors until something asks for
// Node's stream (src/output.ts): every byte must still arrive, in order, on every kind of output,
// including a pipe its parent left non-blocking, where a write can take only part of the bytes or
// none (EAGAIN) and the stream takes over.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ARGV, cliEnv, sandbox, writeJson, type Sandbox } from "./helpers.js";

const HAS_PYTHON = spawnSync("python3", ["-c", "import os; os.set_blocking"]).status === 0;

/** A store whose `models status --json` is far larger than a pipe holds (64 KiB on Linux). */
function largeState(): Sandbox {
  const box = sandbox();
  const profiles = Object.fromEntries(
    Array.from({ length: 2000 }, (_, i) => [
      `openrouter:p${i}`,
      { type: "api_key", provider: "openrouter", key: `sk-or-v1-DIRECT${String(i).padStart(40, "0")}` },
    ]),
  );
  writeJson(box.store(), { version: 1, profiles });
  return box;
}

// A parent that makes the pipe's writing end non-blocking before it starts the CLI (Python's
// subprocess keeps the flag; Node's spawn would make the child's stdio blocking again), then reads
// only after a pause, so the CLI meets a full pipe.
const SLOW_NONBLOCKING_READER = `
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(0.5)
data = bytearray()
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
    time.sleep(0.01)
child.wait()
sys.stdout.buffer.write(data)
sys.exit(child.returncode)
`;

describe("direct output", () => {
  it("stdout a file: the same bytes as through a pipe", () => {
    const box = largeState();
    const file = path.join(box.home, "status.json");
    const fd = fs.openSync(file, "w");
    try {
      const result = spawnSync(process.execPath, [...CLI_ARGV, "models", "status", "--json"], {
        env: cliEnv(box),
        stdio: ["ignore", fd, "pipe"],
      });
      expect(result.status, String(result.stderr)).toBe(0);
    } finally {
      fs.closeSync(fd);
    }
    const piped = box.run(["models", "status", "--json"]);
    expect(piped.code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toBe(piped.stdout);
    expect(piped.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(piped.stdout).agents).toBeDefined();
  });

  it.skipIf(!HAS_PYTHON)("a non-blocking pipe read slowly: every byte arrives, in order, exit 0", () => {
    const box = largeState();
    const expected = box.run(["models", "status", "--json"]).stdout;
    const result = spawnSync(
      "python3",
      ["-c", SLOW_NONBLOCKING_READER, process.execPath, ...CLI_ARGV, "models", "status", "--json"],
      { env: cliEnv(box), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expected);
  });
});
