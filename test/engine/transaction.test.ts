// The transaction object on a real state directory: what it writes, what it drops and why, and that it
// lets go of every lock it took whatever happens.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyChanges } from "../../src/engine/transaction.js";
import { acquireLock } from "../../src/engine/lock.js";
import { resolvePaths } from "../../src/paths.js";
import { readRawFile, type RawFile } from "../../src/snapshot/raw-file.js";
import { readState } from "../../src/snapshot/read-state.js";
import { agentStorePath } from "../../src/paths.js";
import { stateAsWritten } from "../../src/engine/virtual-state.js";
import type { Change } from "../../src/types.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function state() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-transaction-"));
  dirs.push(home);
  const paths = resolvePaths({ stateDir: path.join(home, ".clawdia"), env: { HOME: home } });
  fs.mkdirSync(paths.stateDir, { mode: 0o700 });
  const write = (file: string, value: unknown) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
  };
  return { paths, write };
}

const setKey = (file: string, key: string, value: unknown): Change => ({
  id: `set:${key}`,
  title: `set ${key}`,
  source: "fix",
  safety: "safe",
  ops: [{ kind: "json-set", file, path: [key], value }],
});
const plannedOn = (...files: string[]) => new Map<string, RawFile>(files.map((file) => [file, readRawFile(file)]));
const lockDirs = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith(".lock"));

describe("the transaction", () => {
  it("writes every change, records the run, and holds no lock afterwards", async () => {
    const { paths, write } = state();
    write(paths.configPath, { a: 1 });
    const planned = plannedOn(paths.configPath);
    const result = await applyChanges({ paths, planned, changes: [setKey(paths.configPath, "b", 2)], command: "test" });
    expect(result.runId).toBeDefined();
    expect(result.dropped).toEqual([]);
    expect(JSON.parse(fs.readFileSync(paths.configPath, "utf8"))).toEqual({ a: 1, b: 2 });
    expect(lockDirs(paths.stateDir)).toEqual([]);
  });

  it("drops a change whose file changed since it was read, says so, and writes nothing", async () => {
    const { paths, write } = state();
    write(paths.configPath, { a: 1 });
    const planned = plannedOn(paths.configPath);
    write(paths.configPath, { a: "changed by the gateway" });
    const result = await applyChanges({ paths, planned, changes: [setKey(paths.configPath, "a", 2)], command: "test" });
    expect(result.runId).toBeUndefined();
    expect(result.dropped).toEqual([
      {
        change: expect.objectContaining({ id: "set:a" }),
        file: paths.configPath,
        reason: "it changed on disk since it was read",
        changedOnDisk: true,
      },
    ]);
    expect(JSON.parse(fs.readFileSync(paths.configPath, "utf8"))).toEqual({ a: "changed by the gateway" });
    expect(lockDirs(paths.stateDir)).toEqual([]);
  });

  it("a file locked by the gateway past the timeout drops its change (not as changed on disk); the other file is still written", async () => {
    const { paths, write } = state();
    const store = path.join(paths.agentsDir, "main/agent/auth-profiles.json");
    write(paths.configPath, { a: 1 });
    write(store, { version: 1, profiles: {} });
    const release = await acquireLock(store, 0);
    try {
      const planned = plannedOn(paths.configPath, store);
      const result = await applyChanges({
        paths,
        planned,
        changes: [setKey(paths.configPath, "b", 2), setKey(store, "order", {})],
        command: "test",
        env: { CLAWDIA_LOCK_TIMEOUT_MS: "100" },
      });
      expect(result.applied.map((change) => change.id)).toEqual(["set:b"]);
      expect(result.dropped).toHaveLength(1);
      expect(result.dropped[0]).toMatchObject({ file: store, change: { id: "set:order" } });
      expect(result.dropped[0].changedOnDisk).toBeUndefined();
    } finally {
      await release();
    }
    expect(JSON.parse(fs.readFileSync(paths.configPath, "utf8"))).toEqual({ a: 1, b: 2 });
  });

  it("all or nothing: one change that cannot be applied takes the others with it", async () => {
    const { paths, write } = state();
    const store = path.join(paths.agentsDir, "main/agent/auth-profiles.json");
    write(paths.configPath, { a: 1 });
    write(store, { version: 1, profiles: {} });
    const planned = plannedOn(paths.configPath, store);
    write(store, { version: 1, profiles: {}, order: { anthropic: [] } });
    const result = await applyChanges({
      paths,
      planned,
      changes: [setKey(paths.configPath, "b", 2), setKey(store, "usageStats", {})],
      command: "test",
      allOrNothing: true,
    });
    expect(result.applied).toEqual([]);
    expect(result.dropped.map((d) => [d.change.id, d.reason])).toEqual([
      ["set:usageStats", "it changed on disk since it was read"],
      ["set:b", "not applied: set usageStats could not be (it changed on disk since it was read)"],
    ]);
    expect(JSON.parse(fs.readFileSync(paths.configPath, "utf8"))).toEqual({ a: 1 });
  });

  it("says what it wrote as a read of the disk would: the text, the mode, the size", async () => {
    const { paths, write } = state();
    const store = agentStorePath(paths, "main");
    write(store, { version: 1, profiles: {} });
    write(paths.configPath, { a: 1 });
    const planned = plannedOn(store, paths.configPath);
    const changes = [setKey(store, "order", { anthropic: [] }), setKey(paths.configPath, "b", 2)];
    const result = await applyChanges({ paths, planned, changes, command: "test", confirmWritten: true });
    const read = (file: string) => {
      const { path: at, status, text, mode, size, links, uid, gid, mtimeMs } = readRawFile(file);
      return { path: at, status, text, mode, size, links, uid, gid, mtimeMs };
    };
    expect(result.written?.get(store)).toEqual(read(store));
    expect(result.written?.get(paths.configPath)).toEqual(read(paths.configPath));
  });

  it("confirms nothing as written unless asked (a migrate or onboard run does not pay an lstat per file)", async () => {
    const { paths, write } = state();
    const store = agentStorePath(paths, "main");
    write(store, { version: 1, profiles: {} });
    const result = await applyChanges({
      paths,
      planned: plannedOn(store),
      changes: [setKey(store, "order", { anthropic: [] })],
      command: "test",
    });
    expect(result.applied).toHaveLength(1);
    expect(result.written?.size).toBe(0);
  });

  it("gives the state after a run that rewrote only stores without reading it again, and only then", async () => {
    const { paths, write } = state();
    const main = agentStorePath(paths, "main");
    const work = agentStorePath(paths, "work");
    write(main, { version: 1, profiles: {} });
    write(work, { version: 1, profiles: {} });
    write(paths.configPath, { a: 1 });
    const raw = await readState(paths, {});
    const changes = [setKey(main, "order", { anthropic: [] })];
    const result = await applyChanges({
      paths,
      planned: plannedOn(main),
      changes,
      command: "test",
      confirmWritten: true,
    });
    const after = stateAsWritten(raw, [main], result.written)!;
    const reread = await readState(paths, {});
    expect(after.stores.get("main")).toEqual(reread.stores.get("main"));
    expect(after.stores.get("work")).toBe(raw.stores.get("work"));
    expect(after.config).toBe(raw.config);
    // Anything but existing stores, or a store not confirmed: the state must be read again.
    expect(stateAsWritten(raw, [paths.configPath], result.written)).toBeUndefined();
    expect(stateAsWritten(raw, [agentStorePath(paths, "new")], result.written)).toBeUndefined();
    expect(stateAsWritten(raw, [main], new Map())).toBeUndefined();
    expect(stateAsWritten(raw, [], result.written)).toBeUndefined();
  });
});
