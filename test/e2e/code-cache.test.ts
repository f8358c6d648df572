// bin/code-cache.cjs: the CLI's V8 code cache is used when it is the user's own and current, and
// otherwise ignored, never trusted: a corrupt cache, one planted by another user or left writable
// to others, a symlink, an install directory that is not the user's. Each case runs a copy of the
// built package (bin/ and dist/cli/) in a sandbox, with CLAWDIA_CODE_CACHE_DEBUG=1 saying what the
// loader did with the cache, and the output compared with a run without any cache.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, ROOT, sandbox } from "./helpers.js";

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

function packageCopy() {
  const box = sandbox("healthy");
  const pkg = path.join(box.home, "pkg");
  fs.cpSync(path.join(ROOT, "bin"), path.join(pkg, "bin"), { recursive: true });
  fs.cpSync(path.join(ROOT, "dist/cli"), path.join(pkg, "dist/cli"), {
    recursive: true,
    filter: (source) => !source.includes(".code-cache"),
  });
  const run = (env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [path.join(pkg, "bin/clawdia.js"), "models", "status", "--json"], {
      env: {
        PATH: process.env.PATH,
        HOME: box.home,
        CLAWDIA_STATE_DIR: box.stateDir,
        CLAWDIA_TEST_NOW: String(NOW),
        CLAWDIA_CODE_CACHE_DEBUG: "1",
        ...env,
      },
      encoding: "utf8",
    });
    const cache = /^code cache: (\w+)$/m.exec(result.stderr)?.[1];
    // The report says when it was made: the one line that differs between two runs.
    return { status: result.status, stdout: result.stdout.replace(/"generatedAt": "[^"]*"/, ""), cache };
  };
  const cacheDir = path.join(pkg, "dist/cli/.code-cache");
  const cacheFile = () =>
    path.join(
      cacheDir,
      fs.readdirSync(cacheDir).find((name) => name.endsWith(".cache"))!,
    );
  return { box, pkg, run, cacheDir, cacheFile };
}

describe("the CLI's code cache", () => {
  it("is written after the first run (0600, in a 0700 directory beside the bundle, named for this Node), then used; the output is the same", () => {
    const { run, cacheDir, cacheFile } = packageCopy();
    const uncached = run({ CLAWDIA_CODE_CACHE: "0" });
    expect(uncached.cache).toBe("off");
    expect(fs.existsSync(cacheDir)).toBe(false);
    const first = run();
    expect(first.cache).toBe("none");
    expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(cacheFile()).mode & 0o777).toBe(0o600);
    expect(path.basename(cacheFile())).toContain(process.version);
    const second = run();
    expect(second.cache).toBe("used");
    expect([first.status, second.status]).toEqual([uncached.status, uncached.status]);
    expect(second.stdout).toBe(uncached.stdout);
  });

  it("one cache per command: doctor gets its own beside models status's, and each is used by its command", () => {
    const { box, pkg, run, cacheDir } = packageCopy();
    const doctor = () =>
      /^code cache: (\w+)$/m.exec(
        spawnSync(process.execPath, [path.join(pkg, "bin/clawdia.js"), "doctor"], {
          env: {
            PATH: process.env.PATH,
            HOME: box.home,
            CLAWDIA_STATE_DIR: box.stateDir,
            CLAWDIA_CODE_CACHE_DEBUG: "1",
          },
          encoding: "utf8",
        }).stderr,
      )?.[1];
    expect(run().cache).toBe("none");
    expect(doctor()).toBe("none");
    expect(
      fs
        .readdirSync(cacheDir)
        .filter((name) => name.endsWith(".cache"))
        .map((name) => /-([a-z-]+)\.cache$/.exec(name)![1])
        .sort(),
    ).toEqual(["doctor", "models"]);
    expect(run().cache).toBe("used");
    expect(doctor()).toBe("used");
  });

  it("the bundle is written as Node wraps a module (compiled as read); one not wrapped (an older build) runs the same", () => {
    const { pkg, run } = packageCopy();
    const bundle = path.join(pkg, "dist/cli/clawdia.cjs");
    const text = fs.readFileSync(bundle, "utf8");
    const head = "(function (exports, require, module, __filename, __dirname) { ";
    expect(text.startsWith(head) && text.endsWith("\n});")).toBe(true);
    const wrapped = run({ CLAWDIA_CODE_CACHE: "0" });
    expect(wrapped.status).toBe(0);
    fs.writeFileSync(bundle, text.slice(head.length, -"\n});".length));
    expect(run()).toEqual({ ...wrapped, cache: "none" });
    expect(run()).toEqual({ ...wrapped, cache: "used" });
  });

  it("a corrupt cache is rejected by V8, the command runs as without one, and the cache is written again", () => {
    const { run, cacheFile } = packageCopy();
    const clean = run({ CLAWDIA_CODE_CACHE: "0" });
    run();
    fs.writeFileSync(cacheFile(), Buffer.alloc(4096, 7));
    const corrupt = run();
    expect(corrupt.cache).toBe("rejected");
    expect(corrupt.stdout).toBe(clean.stdout);
    expect(run().cache).toBe("used");
  });

  it("a cache others may write (0666), or in a directory others may write, is never read", () => {
    const { run, cacheDir, cacheFile } = packageCopy();
    run();
    fs.chmodSync(cacheFile(), 0o666);
    expect(run().cache).toBe("none");
    run();
    fs.chmodSync(cacheDir, 0o777);
    expect(run().cache).toBe("none");
  });

  it("a symlink where the cache would be is not followed", () => {
    const { box, run, cacheFile } = packageCopy();
    run();
    const file = cacheFile();
    const elsewhere = path.join(box.home, "elsewhere.cache");
    fs.renameSync(file, elsewhere);
    fs.symlinkSync(elsewhere, file);
    expect(run().cache).toBe("none");
  });

  it.runIf(asRoot)("a cache planted by another user is ignored", () => {
    const { run, cacheFile } = packageCopy();
    run();
    fs.chownSync(cacheFile(), NOBODY, NOBODY);
    expect(run().cache).toBe("none");
  });

  it.runIf(asRoot)(
    "an install directory that is not the user's: the cache goes to ~/.cache/clawdia (or $XDG_CACHE_HOME/clawdia) instead",
    () => {
      const { box, pkg, run, cacheDir } = packageCopy();
      fs.chownSync(path.join(pkg, "dist/cli"), NOBODY, NOBODY);
      expect(run().cache).toBe("none");
      expect(fs.existsSync(cacheDir)).toBe(false);
      expect(fs.readdirSync(path.join(box.home, ".cache/clawdia")).some((name) => name.endsWith(".cache"))).toBe(true);
      expect(run().cache).toBe("used");
      const xdg = path.join(box.home, "xdg");
      expect(run({ XDG_CACHE_HOME: xdg }).cache).toBe("none");
      expect(fs.readdirSync(path.join(xdg, "clawdia")).length).toBe(1);
    },
  );
});
