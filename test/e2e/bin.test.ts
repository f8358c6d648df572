// bin/clawdia.js, the installed command: sizes the thread pool for its own process only, and
// without a build says so in one line (exit 70) instead of a module-loader stack trace.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, STACK_FRAME, sandbox } from "./helpers.js";

const BIN = path.join(ROOT, "bin/clawdia.js");

describe("bin/clawdia.js", () => {
  it("without dist/ beside it: one line naming what to run, exit 70, no stack trace", () => {
    const box = sandbox();
    const copy = path.join(box.home, "pkg", "bin", "clawdia.js");
    fs.cpSync(path.join(ROOT, "bin"), path.dirname(copy), { recursive: true });
    const result = spawnSync(process.execPath, [copy, "doctor"], {
      env: { PATH: process.env.PATH, HOME: box.home },
      encoding: "utf8",
    });
    expect(result.status).toBe(70);
    expect(result.stderr).toBe(
      `clawdia: cannot load the CLI (ENOENT); run \`npm install\` in ${path.join(box.home, "pkg")}\n`,
    );
    expect(result.stderr).not.toContain(STACK_FRAME);
  });

  it("the processes it starts do not inherit the thread-pool size it set for itself (doctor --fix sets one)", () => {
    const box = sandbox();
    // The login shell doctor starts for env.shellEnv records the environment it was given.
    const shell = path.join(box.home, "fake-shell");
    fs.writeFileSync(shell, `#!/bin/sh\nenv > '${path.join(box.home, "seen-env")}'\nenv -0\n`, { mode: 0o755 });
    fs.mkdirSync(box.stateDir, { recursive: true });
    fs.writeFileSync(box.config, JSON.stringify({ env: { shellEnv: { enabled: true, timeoutMs: 5000 } } }));
    const result = spawnSync(process.execPath, [BIN, "doctor", "--fix", "--yes"], {
      env: { PATH: process.env.PATH, HOME: box.home, SHELL: shell, CLAWDIA_STATE_DIR: box.stateDir },
      encoding: "utf8",
    });
    expect(result.status, result.stderr).not.toBe(70);
    const seen = fs.readFileSync(path.join(box.home, "seen-env"), "utf8");
    expect(seen).toContain(`HOME=${box.home}`);
    expect(seen).not.toContain("UV_THREADPOOL_SIZE");
  });
});
