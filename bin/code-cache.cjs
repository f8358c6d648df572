// Runs the CLI's bundle (one CommonJS file) with a V8 code cache: the bytecode V8 compiled on an
// earlier run, so that this run neither parses the bundle nor compiles the functions it calls again
// (about a third of a check's start-up). The cache is an optimisation and nothing else: whenever it
// cannot be used safely, the bundle is compiled as usual.
//
// - Where: next to the bundle (dist/cli/.code-cache) when the install directory is the user's own
//   (a checkout, npx's cache, a user's global prefix); otherwise (read-only, or installed by root
//   for everyone) $XDG_CACHE_HOME/clawdia, else ~/.cache/clawdia (~/Library/Caches/clawdia on macOS).
// - Trusted only if it is ours: the directory and the file must belong to this user and be
//   writable by nobody else, the file a regular file (opened without following a symlink); a cache
//   planted by another user, or left group-writable, is ignored, never read.
// - Keyed by what makes bytecode valid: the Node version, the architecture, and the bundle's
//   identity on disk (device, inode, size, modification and change times: a rebuilt or edited
//   bundle has a new change time). V8 itself refuses a cache made by another V8 or with other flags
//   (cachedDataRejected), and the cache is then written again.
// - One per command (`doctor`, `models`, …): a cache holds the functions the run that wrote it
//   compiled, so a cache written by `models status` would leave `doctor` compiling its own at every
//   start.
// - Written once, after the command has run (so it holds the functions the command used), to a
//   temporary file renamed into place; any failure (read-only home, full disk) is ignored.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

/** How Node wraps a CommonJS module; the build writes the bundle wrapped so (see loadWithCodeCache). */
const WRAPPED = Module.wrap("").slice(0, Module.wrap("").indexOf("{") + 1);

/**
 * Runs `bundle` as a CommonJS module and returns its exports, with the code cache of `command` (the
 * first word of the command line); `CLAWDIA_CODE_CACHE=0` turns the cache off.
 */
function loadWithCodeCache(bundle, command, env = process.env) {
  const source = fs.readFileSync(bundle, "utf8");
  const cacheFile = env.CLAWDIA_CODE_CACHE === "0" ? undefined : cachePath(bundle, command, env);
  const cached = cacheFile && readOwnFile(cacheFile);
  const script = new vm.Script(source.startsWith(WRAPPED) ? source : Module.wrap(source), {
    filename: bundle,
    cachedData: cached,
  });
  if (cacheFile && (!cached || script.cachedDataRejected)) process.once("exit", () => writeCache(cacheFile, script));
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  const localRequire = Module.createRequire(bundle);
  script.runInThisContext()(module.exports, localRequire, module, bundle, path.dirname(bundle));
  module.loaded = true;
  if (env.CLAWDIA_CODE_CACHE_DEBUG === "1")
    process.stderr.write(
      `code cache: ${cacheFile === undefined ? "off" : !cached ? "none" : script.cachedDataRejected ? "rejected" : "used"}\n`,
    );
  return module.exports;
}

function cacheDir(bundle, env) {
  const installDir = path.dirname(bundle);
  try {
    fs.accessSync(installDir, fs.constants.W_OK);
    if (isOwn(fs.statSync(installDir))) return path.join(installDir, ".code-cache");
  } catch {
    // not ours, or not writable: the user's cache directory
  }
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, "clawdia");
  const home = env.HOME || os.homedir();
  if (!home) return undefined;
  return process.platform === "darwin"
    ? path.join(home, "Library", "Caches", "clawdia")
    : path.join(home, ".cache", "clawdia");
}

function cachePath(bundle, command, env) {
  const dir = cacheDir(bundle, env);
  if (!dir) return undefined;
  try {
    const s = fs.statSync(bundle, { bigint: true });
    const identity = [process.version, process.arch, s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join("-");
    // Only a command's own name: anything else the user typed first shares one cache.
    const name = /^[a-z][a-z-]{0,30}$/.test(command ?? "") ? command : "other";
    return path.join(dir, `cli-${identity}-${name}.cache`);
  } catch {
    return undefined;
  }
}

/** Whether a file or directory is this user's and writable by no one else. */
function isOwn(stats) {
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  return (uid === undefined || stats.uid === uid) && (stats.mode & 0o022) === 0;
}

/** The cache's bytes, or undefined when there is none or it is not trustworthy. */
function readOwnFile(file) {
  let fd;
  try {
    if (!isOwn(fs.statSync(path.dirname(file)))) return undefined;
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || !isOwn(stats)) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeCache(file, script) {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isOwn(fs.statSync(dir))) return;
    const data = script.createCachedData();
    fs.writeFileSync(temporary, data, { mode: 0o600, flag: "wx" });
    fs.renameSync(temporary, file);
    // The caches of earlier builds and Node versions are of no more use (the other commands' stay).
    const current = path.basename(file).replace(/-[a-z-]+\.cache$/, "-");
    for (const name of fs.readdirSync(dir))
      if (name.startsWith("cli-") && name.endsWith(".cache") && !name.startsWith(current))
        fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing left to do: the cache is only an optimisation
    }
  }
}

module.exports = { loadWithCodeCache };
