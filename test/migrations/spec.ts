// The spec table beside each migration (test/migrations/<its file name>.test.ts), in memory: the
// state's files before, as texts, and every file after the migration alone, exactly; then a second
// plan on the result plans nothing. Paths are relative to the state directory.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyOpsToFile, groupOpsByFile } from "../../src/engine/file-ops.js";
import type { Migration } from "../../src/migration.js";
import { agentStorePath } from "../../src/paths.js";
import { EXAMPLE_PATHS, exampleRawState } from "../../src/rule-example.js";
import { parseJsonc } from "../../src/snapshot/jsonc.js";
import { legacyAgentDir, legacyAuthJsonPath, legacyConfigPath } from "../../src/snapshot/legacy.js";
import type { RawFile } from "../../src/snapshot/raw-file.js";
import type { RawState } from "../../src/snapshot/read-state.js";
import { buildSnapshot } from "../../src/snapshot/snapshot.js";
import { viewConfig } from "../../src/snapshot/views.js";
import type { FileOp } from "../../src/types.js";

/** A state's files: path relative to the state directory → text. */
export type Files = Record<string, string>;

export interface MigratesCase {
  name: string;
  before: Files;
  /** Every file of the state after this migration alone, exactly. */
  after: Files;
}

export interface LeavesCase {
  name: string;
  /** A state this migration plans nothing on. */
  files: Files;
}

export interface FailsCase {
  name: string;
  files: Files;
  /** The file the error names, relative to the state directory, and its message. */
  error: { file: string; message: RegExp };
}

const abs = (relative: string) => path.join(EXAMPLE_PATHS.stateDir, relative);
const rel = (file: string) => path.relative(EXAMPLE_PATHS.stateDir, file);

function rawFile(file: string, text: string | undefined): RawFile {
  return text === undefined
    ? { path: file, status: "missing" }
    : { path: file, status: "ok", text, mode: 0o600, size: Buffer.byteLength(text), mtimeMs: 0 };
}

/** The names in one directory of the state (relative path). */
function namesIn(files: Files, dir: string): string[] {
  return Object.keys(files)
    .filter((file) => path.dirname(file) === dir)
    .map((file) => path.basename(file));
}

/** The RawState readState would read from these files, with nothing on disk. */
export function stateOf(files: Files): RawState {
  const agentIds = [
    ...new Set(Object.keys(files).flatMap((file) => /^agents\/([^/]+)\//.exec(file)?.[1] ?? [])),
  ].sort();
  const storeText = (id: string) => files[rel(agentStorePath(EXAMPLE_PATHS, id))];
  const stores = Object.fromEntries(
    agentIds.flatMap((id) => (storeText(id) === undefined ? [] : [[id, storeText(id)]])),
  );
  const raw = exampleRawState({ config: files["clawdia.json"], dotenv: files[".env"], stores });
  for (const id of agentIds)
    if (!raw.stores.has(id)) raw.stores.set(id, rawFile(agentStorePath(EXAMPLE_PATHS, id), undefined));
  raw.agentDirs = agentIds;
  const configText = files["clawdia.json"] ?? files["config.json"];
  const target = viewConfig(configText === undefined ? undefined : parseJsonc(configText).value).defaultAgentId;
  const oldDir = rel(legacyAgentDir(EXAMPLE_PATHS));
  const inOldDir = Object.keys(files).filter((file) => file.startsWith(oldDir + "/"));
  raw.legacy = {
    config: rawFile(legacyConfigPath(EXAMPLE_PATHS), files["config.json"]),
    agentDir: {
      exists: inOldDir.length > 0,
      files: inOldDir.filter((file) => path.dirname(file) === oldDir).map((file) => rawFile(abs(file), files[file])),
      subdirectories: [
        ...new Set(inOldDir.filter((file) => path.dirname(file) !== oldDir).map((file) => file.split("/")[1])),
      ],
      targetAgentId: target,
      targetNames: namesIn(files, `agents/${target}/agent`),
    },
    authJson: new Map(
      agentIds.flatMap((id) => {
        const file = rel(legacyAuthJsonPath(EXAMPLE_PATHS, id));
        return files[file] === undefined ? [] : [[id, rawFile(abs(file), files[file])] as const];
      }),
    ),
    authJsonSiblings: new Map(agentIds.map((id) => [id, namesIn(files, `agents/${id}/agent`)] as const)),
  };
  return raw;
}

export function planOn(migration: Migration, files: Files): FileOp[] {
  const raw = stateOf(files);
  return migration.plan({ snapshot: buildSnapshot(raw), paths: raw.paths });
}

/** The files after these operations, as the transaction would write them. */
export function applied(files: Files, ops: FileOp[]): Files {
  const after: Files = { ...files };
  for (const [file, fileOps] of groupOpsByFile(ops)) {
    const outcome = applyOpsToFile(files[rel(file)], fileOps);
    if (outcome.deleted) delete after[rel(file)];
    else if (outcome.text !== undefined) after[rel(file)] = outcome.text;
  }
  return Object.fromEntries(Object.entries(after).sort(([a], [b]) => a.localeCompare(b)));
}

export function migrationSpec(
  migration: Migration,
  cases: { migrates: MigratesCase[]; leaves: LeavesCase[]; fails?: FailsCase[] },
): void {
  describe(`${migration.version} ${migration.id}`, () => {
    it.each(cases.migrates)("migrates: $name", ({ before, after }) => {
      const result = applied(before, planOn(migration, before));
      expect(result).toEqual(after);
      expect(planOn(migration, result), "a second plan on the result").toEqual([]);
    });
    it.each(cases.leaves)("leaves alone: $name", ({ files }) => {
      expect(planOn(migration, files)).toEqual([]);
    });
    it.each(cases.fails ?? [])("refuses: $name", ({ files, error }) => {
      let thrown: unknown;
      try {
        planOn(migration, files);
      } catch (caught) {
        thrown = caught;
      }
      expect(thrown, "the migration throws").toBeDefined();
      expect((thrown as { file?: string }).file).toBe(abs(error.file));
      expect((thrown as Error).message).toMatch(error.message);
    });
  });
}
