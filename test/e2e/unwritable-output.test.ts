// Output that cannot be written (`> /dev/full`: ENOSPC) is an internal failure in every command:
// exit 70 and one line on stderr, never a stack trace and never the command's own verdict.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ARGV, cliEnv, history, read, sandbox, STACK_FRAME, writeJson, type Sandbox } from "./helpers.js";

const HAS_DEV_FULL = fs.existsSync("/dev/full");

/** Runs the CLI with stdout (or stderr) on /dev/full; the other stream is read from a file. */
function runInto(box: Sandbox, args: string[], full: "stdout" | "stderr", env: Record<string, string> = {}) {
  const fullFd = fs.openSync("/dev/full", "w");
  const other = path.join(box.home, "captured");
  const otherFd = fs.openSync(other, "w");
  try {
    const stdio = full === "stdout" ? ["ignore", fullFd, otherFd] : ["ignore", otherFd, fullFd];
    const result = spawnSync(process.execPath, [...CLI_ARGV, ...args], {
      env: cliEnv(box, { env }),
      stdio: stdio as any,
      timeout: 60_000,
    });
    return { code: result.status, captured: fs.readFileSync(other, "utf8") };
  } finally {
    fs.closeSync(fullFd);
    fs.closeSync(otherFd);
  }
}

describe.skipIf(!HAS_DEV_FULL)("stdout on /dev/full", () => {
  const commands: [string, string[]][] = [
    ["doctor", ["doctor"]],
    ["doctor --json", ["doctor", "--json"]],
    ["doctor --sarif", ["doctor", "--sarif"]],
    ["doctor --list-rules", ["doctor", "--list-rules"]],
    ["models status", ["models", "status"]],
    ["models status --check", ["models", "status", "--check"]],
    ["models status --json", ["models", "status", "--json"]],
    ["models auth order get", ["models", "auth", "order", "get", "--provider", "anthropic"]],
    ["migrate", ["migrate"]],
    ["migrate --json", ["migrate", "--json"]],
    ["support-bundle --json", ["support-bundle", "--json", "--output", "BUNDLE"]],
    ["--version", ["--version"]],
    ["--help", ["--help"]],
  ];
  for (const [what, args] of commands) {
    it(`${what}: exit 70, one line on stderr, no stack trace`, () => {
      const box = sandbox();
      writeJson(box.store(), {
        version: 1,
        profiles: {
          "anthropic:default": {
            type: "api_key",
            provider: "anthropic",
            key: "sk-ant-api03-FULLDISK0000000000000000000000000000",
          },
        },
      });
      const { code, captured } = runInto(
        box,
        args.map((arg) => (arg === "BUNDLE" ? path.join(box.home, "bundle.tar.gz") : arg)),
        "stdout",
      );
      expect(code, captured).toBe(70);
      expect(captured).toBe("clawdia: cannot write to stdout: no space left on device (ENOSPC)\n");
      expect(captured).not.toContain(STACK_FRAME);
    });
  }

  it("the verdict is not the exit code: models status --check on a state with nothing usable still exits 70", () => {
    const { code } = runInto(sandbox(), ["models", "status", "--check"], "stdout");
    expect(code).toBe(70);
  });

  it("CLAWDIA_DEBUG=1 adds the stack trace", () => {
    const { code, captured } = runInto(sandbox(), ["models", "status"], "stdout", { CLAWDIA_DEBUG: "1" });
    expect(code).toBe(70);
    expect(captured).toContain(STACK_FRAME);
  });

  it("doctor does not stop in the middle of a run: its safe fix is applied whole, then exit 70", () => {
    const box = sandbox("dangling-order");
    const { code } = runInto(box, ["doctor"], "stdout");
    expect(code).toBe(70);
    expect(read(box.config)).not.toContain('"anthropic:old"');
    expect(history(box.stateDir)).toHaveLength(1);
  });
});

describe.skipIf(!HAS_DEV_FULL)("stderr on /dev/full", () => {
  it("a message for stderr that cannot be written: exit 70, stdout untouched", () => {
    const { code, captured } = runInto(sandbox(), ["doctor", "--frobnicate"], "stderr");
    expect(code).toBe(70);
    expect(captured).toBe("");
  });

  it("both on /dev/full: exit 70, nothing to say it with", () => {
    const box = sandbox();
    const fd = fs.openSync("/dev/full", "w");
    try {
      const result = spawnSync(process.execPath, [...CLI_ARGV, "models", "status", "--check"], {
        env: cliEnv(box),
        stdio: ["ignore", fd, fd],
      });
      expect(result.status).toBe(70);
    } finally {
      fs.closeSync(fd);
    }
  });
});
