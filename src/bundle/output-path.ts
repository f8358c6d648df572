// Where the bundle goes: --output, or clawdia-support-<timestamp>.tar.gz in the current directory.
// Checked before any work, so a wrong path fails at once; never an existing file, never the state dir.
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";

function defaultBundleName(now: number): string {
  return `clawdia-support-${new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.tar.gz`;
}

export function resolveOutputPath(output: string | undefined, cwd: string, now: number, stateDir: string): string {
  const target = output === undefined ? freeDefaultPath(cwd, now) : path.resolve(cwd, output);
  const how = output === undefined ? "the default output" : "--output";
  if (isInside(target, stateDir)) {
    throw new UserError(
      `${how} ${target} is inside the state directory ${stateDir}, which support-bundle never changes: choose another --output`,
    );
  }
  if (exists(target))
    throw new UserError(`${target} already exists; support-bundle never overwrites a file: choose another --output`);
  const dir = path.dirname(target);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UserError(`cannot write the support bundle to ${target}: the directory ${dir} does not exist`);
  }
  if (!stat.isDirectory())
    throw new UserError(`cannot write the support bundle to ${target}: ${dir} is not a directory`);
  return target;
}

/** The default name, with -2, -3… when a bundle of the same second is already there. */
function freeDefaultPath(cwd: string, now: number): string {
  const name = defaultBundleName(now);
  for (let n = 1; n < 100; n++) {
    const candidate = path.resolve(cwd, n === 1 ? name : name.replace(/\.tar\.gz$/, `-${n}.tar.gz`));
    if (!exists(candidate)) return candidate;
  }
  return path.resolve(cwd, name);
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file); // a dangling symbolic link counts: writing would follow it
    return true;
  } catch {
    return false;
  }
}

function isInside(file: string, dir: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const relative = path.relative(real(dir), path.join(real(path.dirname(file)), path.basename(file)));
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
