// Running `clawdia support-bundle` in a sandbox and reading the archive back (zlib + tar-stream, the
// same library that wrote it; one test also lists it with the system's tar).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import tar from "tar-stream";
import { afterAll } from "vitest";
import { tempHome } from "../../support/cli.js";
import { CLI_ARGV, cliEnv, sandboxAt, type CliResult, type Sandbox } from "../helpers.js";

export interface BundleFile {
  name: string;
  text: string;
  mode: number;
  type: string;
  uname: string;
  gname: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** A sandbox shared by the tests of a file (built in beforeAll), removed after them all. */
export function sharedSandbox(): Sandbox {
  const { home, stateDir, cleanup } = tempHome();
  afterAll(cleanup);
  return sandboxAt(home, stateDir);
}

/** Runs the built CLI in `cwd` (default: the sandbox home), so a default-named bundle lands there. */
export function runIn(box: Sandbox, args: string[], options: RunOptions = {}): CliResult {
  const env: Record<string, string> = cliEnv(box);
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const result = spawnSync(process.execPath, [...CLI_ARGV, ...args], {
    env,
    cwd: options.cwd ?? box.home,
    input: "",
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every entry of a .tar.gz, by name. */
export async function readBundle(file: string): Promise<Map<string, BundleFile>> {
  const entries = new Map<string, BundleFile>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: unknown) => void chunks.push(chunk as Buffer));
      stream.on("end", () => {
        entries.set(header.name, {
          name: header.name,
          text: Buffer.concat(chunks).toString("utf8"),
          mode: header.mode,
          type: header.type,
          uname: header.uname ?? "",
          gname: header.gname ?? "",
        });
        next();
      });
      stream.resume();
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  Readable.from([gunzipSync(fs.readFileSync(file))]).pipe(extract);
  await done;
  return entries;
}

/** The files of a bundle keyed by their path inside its top directory ("logs/gateway.log"). */
export async function bundleFiles(file: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of (await readBundle(file)).values()) {
    if (entry.type !== "file") continue;
    out.set(entry.name.split("/").slice(1).join("/"), entry.text);
  }
  return out;
}

/** The one bundle written in `dir`. */
export function bundleIn(dir: string): string {
  const found = fs.readdirSync(dir).filter((name) => /^clawdia-support-.*\.tar\.gz$/.test(name));
  if (found.length !== 1) throw new Error(`expected one bundle in ${dir}, found ${found.join(", ") || "none"}`);
  return path.join(dir, found[0]);
}
