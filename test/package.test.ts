// The published package, as a user gets it: `npm pack` (on a copy of the repository, whose prepack
// builds it), then `npm install` of the tarball into an empty prefix, then the command run from
// another directory. Everything the CLI and the library run is bundled, so the install pulls no
// dependency, warns about no install script, and stays small.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./e2e/helpers.js";

const MAX_INSTALLED_BYTES = 4 * 1024 * 1024;
let work: string;
let tarball: string;
let prefix: string;
let installLog: string;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result;
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(file) : fs.lstatSync(file).size;
  }
  return total;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-package-"));
  // A copy, so that prepack's build never replaces the dist/ the other suites are running.
  const copy = path.join(work, "repo");
  fs.cpSync(ROOT, copy, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist|\.git|\.code-cache)$/.test(source),
  });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  const npmEnv = {
    ...process.env,
    npm_config_cache: path.join(work, "npm-cache"),
    npm_config_update_notifier: "false",
  };
  run("npm", ["pack", "--pack-destination", work], copy, npmEnv);
  expect(fs.readFileSync(path.join(copy, "package.json"), "utf8")).toBe(
    fs.readFileSync(path.join(ROOT, "package.json"), "utf8"),
  );
  tarball = path.join(
    work,
    fs.readdirSync(work).find((name) => name.endsWith(".tgz"))!,
  );
  prefix = path.join(work, "prefix");
  fs.mkdirSync(prefix);
  const install = run("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", tarball], work, npmEnv);
  installLog = install.stdout + install.stderr;
}, 300_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("the published package", () => {
  it("installs alone (no dependency), with no install script and no warning about one; its package.json has no prepare", () => {
    expect(fs.readdirSync(path.join(prefix, "node_modules")).filter((name) => !name.startsWith("."))).toEqual([
      "clawdia",
    ]);
    expect(installLog).not.toMatch(/install-scripts|prepare/);
    const manifest = JSON.parse(fs.readFileSync(path.join(prefix, "node_modules/clawdia/package.json"), "utf8"));
    expect(manifest.scripts.prepare).toBeUndefined();
    expect(manifest.dependencies).toBeUndefined();
  });

  it(`is at most ${MAX_INSTALLED_BYTES / 1024 / 1024} MB installed, with its LICENSE and a README`, () => {
    const installed = path.join(prefix, "node_modules/clawdia");
    expect(sizeOf(installed)).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    expect(fs.readFileSync(path.join(installed, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(fs.readFileSync(path.join(installed, "README.md"), "utf8")).not.toContain("../shared/");
  });

  // Links to source files (docs/rules.md names each rule's file) are for readers of the repository.
  it("holds every page its README and docs link to (the docs/ pages, CONTRIBUTING.md)", () => {
    const installed = path.join(prefix, "node_modules/clawdia");
    const pages = ["README.md", ...fs.readdirSync(path.join(installed, "docs")).map((name) => `docs/${name}`)];
    const broken = pages.flatMap((page) =>
      [...fs.readFileSync(path.join(installed, page), "utf8").matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((match) => match[1])
        .filter((target) => !/^[a-z]+:/.test(target) && target.endsWith(".md"))
        .filter((target) => !fs.existsSync(path.join(installed, path.dirname(page), target)))
        .map((target) => `${page} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it("runs from another directory: --version, doctor on an empty home, the library", () => {
    const home = fs.mkdtempSync(path.join(work, "home-"));
    const env = { PATH: process.env.PATH, HOME: home };
    const bin = path.join(prefix, "node_modules/.bin/clawdia");
    expect(run(bin, ["--version"], home, env).stdout).toMatch(/^\d{4}\.\d+\.\d+\n$/);
    const doctor = spawnSync(bin, ["doctor"], { cwd: home, env, encoding: "utf8" });
    expect(doctor.status, doctor.stderr).toBe(1);
    expect(doctor.stdout).toContain("No credentials found");
    const library = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(path.join(prefix, "node_modules/clawdia/dist/lib/index.js"))}); console.log(typeof m.runDoctor);`,
      ],
      { cwd: home, env, encoding: "utf8" },
    );
    expect(library.stdout.trim(), library.stderr).toBe("function");
  });
});
