// Every applied migration is recorded in <state>/doctor/history.jsonl with its id, its version and
// the sha256 of each file it touched, before and after it (issue 4 §1). The sha values are checked
// against the files themselves: the originals, the files after the run, and the run's backups.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { history, read, sandbox, type Sandbox } from "../helpers.js";
import { onlyRun, sha256OfFile, STAMP_AT, STAMP_VERSION } from "./helpers.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** sha256 of every regular file under the state dir, by absolute path. */
function shasOf(box: Sandbox): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(box.stateDir, { recursive: true }).map(String)) {
    const file = box.state(name);
    if (fs.statSync(file).isFile()) out.set(file, sha256OfFile(file)!);
  }
  return out;
}

/**
 * Checks the per-migration records of a run against the disk: each file's first sha256Before is
 * the file as it was before the run, each sha256Before is the previous migration's sha256After for
 * that file, and each file's last sha256After is the file after the run (`lastText` for a file the
 * run's stamp changed afterwards).
 */
function expectShasMatchDisk(
  run: any,
  before: Map<string, string>,
  after: Map<string, string>,
  lastText: Map<string, string> = new Map(),
): void {
  const current = new Map<string, string | null>();
  for (const change of run.changes.filter((c: any) => c.id !== "migration:stamp")) {
    for (const file of change.migration.files) {
      const expectedBefore = current.has(file.path) ? current.get(file.path) : (before.get(file.path) ?? null);
      expect(file.sha256Before, `${change.id}: sha256Before of ${file.path}`).toBe(expectedBefore);
      current.set(file.path, file.sha256After);
    }
  }
  for (const [file, last] of current) {
    const expected = lastText.has(file) ? sha(lastText.get(file)!) : (after.get(file) ?? null);
    expect(last, `last sha256After of ${file}`).toBe(expected);
  }
}

describe("history.jsonl after clawdia migrate", () => {
  it("one run line: command migrate, each migration with id, version and its files' sha256", () => {
    const box = sandbox("legacy-gateway-token");
    const before = shasOf(box);
    const original = read(box.config);
    expect(box.run(["migrate"]).code).toBe(0);
    const run = onlyRun(history(box.stateDir));
    expect(run).toMatchObject({ kind: "run", command: "migrate", runId: expect.any(String) });
    expect(run.changes).toEqual([
      {
        id: "migration:gateway.token-to-gateway.auth.token",
        title: "gateway.token → gateway.auth.token",
        source: "migration",
        safety: "safe",
        migration: {
          version: "2026.1.0",
          files: [
            { path: box.config, sha256Before: sha(original), sha256After: expect.stringMatching(/^[0-9a-f]{64}$/) },
          ],
        },
      },
      expect.objectContaining({ id: "migration:stamp", source: "migration", safety: "safe" }),
    ]);
    // The migration's "after" is the config before the stamp: the final text with the old stamp.
    const unstamped = read(box.config).replace(
      `"meta": { "lastTouchedVersion": "${STAMP_VERSION}", "lastTouchedAt": "${STAMP_AT}" }`,
      '"meta": { "lastTouchedVersion": "2025.12.0", "lastTouchedAt": "2025-12-15T21:30:00Z" }',
    );
    expectShasMatchDisk(run, before, shasOf(box), new Map([[box.config, unstamped]]));
  });

  it("the run's file records: sha256 before/after of each file, and a backup holding the original", () => {
    const box = sandbox("legacy-everything");
    const before = shasOf(box);
    const originals = new Map([...before.keys()].map((file) => [file, read(file)]));
    expect(box.run(["migrate"]).code).toBe(0);
    const after = shasOf(box);
    const run = onlyRun(history(box.stateDir));
    const paths = run.files.map((record: any) => record.path).sort();
    // Every file the run created, changed or removed; nothing else.
    const touched = [...new Set([...before.keys(), ...after.keys()])].filter(
      (file) => before.get(file) !== after.get(file) && !/\/(backups|doctor)\//.test(file),
    );
    expect(paths).toEqual(touched.sort());
    for (const record of run.files) {
      expect(record.sha256Before, record.path).toBe(before.get(record.path) ?? null);
      expect(record.sha256After, record.path).toBe(after.get(record.path) ?? null);
      expect(record.existed).toBe(before.has(record.path));
      expect(record.existedAfter).toBe(after.has(record.path));
      if (record.existed) expect(read(record.backup)).toBe(originals.get(record.path));
      else expect(record.backup).toBeNull();
    }
  });

  it("a file moved by one migration and edited by the next: the records chain (config.json → clawdia.json → gateway…)", () => {
    const box = sandbox("legacy-everything");
    const original = read(box.state("config.json"));
    expect(box.run(["migrate"]).code).toBe(0);
    const run = onlyRun(history(box.stateDir));
    const move = run.changes.find((c: any) => c.id === "migration:config.json-to-clawdia.json");
    expect(move.migration).toEqual({
      version: "2025.6.0",
      files: [
        { path: box.config, sha256Before: null, sha256After: sha(original) },
        { path: box.state("config.json"), sha256Before: sha(original), sha256After: null },
      ],
    });
    const gateway = run.changes.find((c: any) => c.id === "migration:gateway.token-to-gateway.auth.token");
    expect(gateway.migration.files).toEqual([
      { path: box.config, sha256Before: sha(original), sha256After: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  // Was a bug: src/engine/migrate.ts takes each file's sha256 from the planned state (fileIn), which only
  // models the config, .env, stores and auth.json; and src/engine/virtual-state.ts locate() takes
  // <state>/agent/<file> for an agent named ".." (path.relative gives "../agent/<file>"). So the
  // history records null for files that exist. Input: legacy-everything, `clawdia migrate`.
  // Expected: agent-dir-to-agents-main records agent/auth.json sha256Before = sha256 of the
  // original, agent/models.json and agents/main/agent/models.json before/after = the original's
  // sha256; auth.json-to-auth-profiles records auth.json.bak sha256After = the .bak's sha256.
  // Actual: null for all of them.
  it("every file's sha256 in the per-migration records matches the disk, moved and .bak files included", () => {
    const box = sandbox("legacy-everything");
    const before = shasOf(box);
    expect(box.run(["migrate"]).code).toBe(0);
    const run = onlyRun(history(box.stateDir));
    // clawdia.json is created from config.json and then stamped: its last migration's "after" is unknown here.
    const withoutConfig = {
      ...run,
      changes: run.changes.map((c: any) =>
        c.migration
          ? { ...c, migration: { ...c.migration, files: c.migration.files.filter((f: any) => f.path !== box.config) } }
          : c,
      ),
    };
    expectShasMatchDisk(withoutConfig, before, shasOf(box));
  });
});
