// What each command loads when it starts: the modules its entry reaches through static imports
// (esbuild runs a dynamically imported module only at its import). A read-only check must not load
// the write path (transaction, locks, graceful-fs's patching of fs), prompts, diff, the bundle code
// or the plist parser, and nothing at all may load node:child_process before it starts a process.
// A later import that pulls one of them back into `models status --check` fails here, by name, and
// so does one that puts the support bundle's code back into the CLI bundle.
import { build, type Metafile } from "esbuild";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, sandbox } from "./e2e/helpers.js";

let inputs: Metafile["inputs"];

beforeAll(async () => {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ["src/cli/main.ts"],
    bundle: true,
    write: false,
    splitting: true,
    format: "esm",
    platform: "node",
    outdir: "out",
    mainFields: ["module", "main"],
    metafile: true,
    logLevel: "silent",
  });
  inputs = result.metafile.inputs;
});

/** Every module `entry` loads before anything is imported dynamically. */
function loadedAtStart(entry: string): string[] {
  const seen = new Set([entry]);
  const todo = [entry];
  while (todo.length > 0) {
    for (const imported of inputs[todo.pop()!]?.imports ?? []) {
      if (
        (imported.kind === "import-statement" || imported.kind === "require-call") &&
        !imported.external &&
        !seen.has(imported.path)
      ) {
        seen.add(imported.path);
        todo.push(imported.path);
      }
    }
  }
  return [...seen];
}

const WRITE_PATH = [
  /src\/engine\/transaction\.ts/,
  /src\/engine\/lock\.ts/,
  /src\/engine\/undo\.ts/,
  /node_modules\/proper-lockfile\//,
  /node_modules\/graceful-fs\//,
];
const NOT_FOR_CHECKS = [
  ...WRITE_PATH,
  /node_modules\/diff\//,
  /node_modules\/@clack\//,
  /src\/bundle\//,
  /node_modules\/plist\//,
  /src\/onboard\//,
];

describe("what each command loads at start", () => {
  it("every command: the command line and the registrations only, no command's work", () => {
    const loaded = loadedAtStart("src/cli/main.ts");
    expect(loaded.filter((file) => /-action\.ts$/.test(file))).toEqual([]);
    expect(
      loaded.filter((file) => NOT_FOR_CHECKS.some((pattern) => pattern.test(file)) || /node_modules\/zod\//.test(file)),
    ).toEqual([]);
  });

  it.each(["src/cli/models-status-action.ts", "src/cli/doctor-action.ts"])(
    "%s: no write path, prompts, diff, bundle or plist parser",
    (action) => {
      expect(loadedAtStart(action).filter((file) => NOT_FOR_CHECKS.some((pattern) => pattern.test(file)))).toEqual([]);
    },
  );

  it("models auth cooldown clear: the write path only when a change is applied (--dry-run and nothing to clear never load it)", () => {
    expect(
      loadedAtStart("src/cli/cooldown-clear-action.ts").filter((file) =>
        WRITE_PATH.some((pattern) => pattern.test(file)),
      ),
    ).toEqual([]);
  });

  it("the built CLI bundle leaves out jsonc-parser's formatter and editor (their tables were made at every start)", () => {
    const cli = fs.readFileSync(path.join(ROOT, "dist/cli/clawdia.cjs"), "utf8");
    for (const module of ["jsonc-parser/lib/esm/impl/format.js", "jsonc-parser/lib/esm/impl/edit.js", "string-intern"])
      expect({ module, inCli: cli.includes(module) }).toEqual({ module, inCli: false });
    expect(cli).toContain("jsonc-parser/lib/esm/impl/scanner.js");
  });

  it("the built CLI bundle every command reads has none of the support bundle's making (the worker's own file has it)", () => {
    // esbuild names each module it wraps by its path: a dynamic import inside the file keeps it there.
    const cli = fs.readFileSync(path.join(ROOT, "dist/cli/clawdia.cjs"), "utf8");
    const worker = fs.readFileSync(path.join(ROOT, "dist/cli/support-bundle-worker.cjs"), "utf8");
    for (const module of ["src/bundle/create.ts", "src/bundle/archive.ts", "src/bundle/redact/redactor.ts"]) {
      expect({ module, inCli: cli.includes(module), inWorker: worker.includes(module) }).toEqual({
        module,
        inCli: false,
        inWorker: true,
      });
    }
  });

  it("the built CLI: models status --check and doctor load no node:child_process, and leave fs unpatched by graceful-fs", () => {
    const box = sandbox("healthy");
    const probe = path.join(box.home, "probe.cjs");
    fs.writeFileSync(
      probe,
      `process.on("exit", () => require("node:fs").writeFileSync(process.env.PROBE_OUT, JSON.stringify({ childProcess: process.moduleLoadList.some((m) => m.includes("child_process")), gracefulFs: Object.getOwnPropertySymbols(require("node:fs")).some((s) => String(s).includes("graceful-fs")) })));`,
    );
    for (const args of [["models", "status", "--check"], ["doctor"]]) {
      const out = path.join(box.home, "probe.json");
      const result = spawnSync(process.execPath, ["--require", probe, path.join(ROOT, "bin/clawdia.js"), ...args], {
        env: { PATH: process.env.PATH, HOME: box.home, CLAWDIA_STATE_DIR: box.stateDir, PROBE_OUT: out },
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
      expect({ args, ...JSON.parse(fs.readFileSync(out, "utf8")) }).toEqual({
        args,
        childProcess: false,
        gracefulFs: false,
      });
    }
  });

  it("the built CLI: models status --check with stdout a file or a pipe makes no stream (node:stream, node:net)", () => {
    const box = sandbox("healthy");
    const probe = path.join(box.home, "probe.cjs");
    const out = path.join(box.home, "probe.json");
    fs.writeFileSync(
      probe,
      `process.on("exit", () => require("node:fs").writeFileSync(process.env.PROBE_OUT, JSON.stringify({ net: process.moduleLoadList.includes("NativeModule net"), stream: process.moduleLoadList.includes("NativeModule stream") })));`,
    );
    const file = fs.openSync(path.join(box.home, "report.txt"), "w");
    try {
      for (const stdout of [file, "pipe"] as const) {
        const result = spawnSync(
          process.execPath,
          ["--require", probe, path.join(ROOT, "bin/clawdia.js"), "models", "status", "--check"],
          {
            env: { PATH: process.env.PATH, HOME: box.home, CLAWDIA_STATE_DIR: box.stateDir, PROBE_OUT: out },
            stdio: ["ignore", stdout, "pipe"],
            encoding: "utf8",
          },
        );
        expect(result.status, result.stderr).toBe(0);
        if (stdout === "pipe") expect(result.stdout).toContain("All credentials in use are ok.");
        expect({ stdout, ...JSON.parse(fs.readFileSync(out, "utf8")) }).toEqual({ stdout, net: false, stream: false });
      }
    } finally {
      fs.closeSync(file);
    }
    expect(fs.readFileSync(path.join(box.home, "report.txt"), "utf8")).toContain("All credentials in use are ok.");
  });
});
