// migrate (DESIGN.md §2): pending migrations, in version order, each planned on the state the
// previous one leaves; the run stamps meta.lastTouchedVersion. A config stamped by a newer Clawdia
// is left alone, and one failing migration stops the whole run.
import semverCompare from "semver/functions/compare.js";
import { newerStamp, newerStampOf } from "../config-version.js";
import { MigrationError, type Migration } from "../migration.js";
import { parseJsonc } from "../snapshot/jsonc.js";
import type { RawFile } from "../snapshot/raw-file.js";
import type { RawState } from "../snapshot/read-state.js";
import { buildSnapshot } from "../snapshot/snapshot.js";
import { isObject } from "../snapshot/views.js";
import type { Change, FileOp } from "../types.js";
import { VERSION } from "../version.js";
import { sha256 } from "./hash.js";
import { applyOpsToFile, groupOpsByFile } from "./file-ops.js";
import { fileIn, withOps } from "./virtual-state.js";

export interface MigrationFailure {
  migrationId: string;
  file?: string;
  message: string;
  /** Files a failed write could not put back: they hold the migration's changes (`--undo` restores them). */
  leftOnDisk?: string[];
}

export interface MigrationPlan {
  /** One change per pending migration, oldest first, then the stamp. Empty when nothing is pending. */
  changes: Change[];
  /** Set when the config was stamped by a newer Clawdia: nothing is planned. */
  newerVersion?: string;
  failure?: MigrationFailure;
  /** The state as it will be after the changes. */
  after: RawState;
}

export function planMigrations(raw: RawState, migrations: Migration[], now: number): MigrationPlan {
  // A newer stamp on the config, or on a config still at its old path, stops every migration.
  const newerVersion = newerStampOf(buildSnapshot(raw).config.value) ?? newerStamp(raw.legacy.config.text);
  if (newerVersion) return { changes: [], newerVersion, after: raw };
  const ordered = [...migrations].sort((a, b) => semverCompare(a.version, b.version));
  const changes: Change[] = [];
  let state = raw;
  for (const migration of ordered) {
    let ops: FileOp[];
    try {
      ops = migration.plan({ snapshot: buildSnapshot(state), paths: state.paths });
    } catch (error) {
      const file = error instanceof MigrationError ? error.file : undefined;
      return {
        changes: [],
        failure: { migrationId: migration.id, file, message: error instanceof Error ? error.message : String(error) },
        after: raw,
      };
    }
    if (ops.length === 0) continue;
    const files: NonNullable<Change["migration"]>["files"] = [];
    for (const [path, fileOps] of groupOpsByFile(ops)) {
      const before = fileIn(state, path)?.text; // a file the snapshot does not model is planned as absent
      let outcome;
      try {
        outcome = applyOpsToFile(before, fileOps);
      } catch (error) {
        return {
          changes: [],
          failure: {
            migrationId: migration.id,
            file: path,
            message: error instanceof Error ? error.message : String(error),
          },
          after: raw,
        };
      }
      const after = outcome.deleted ? undefined : (outcome.text ?? before);
      files.push({ path, sha256Before: sha256(before), sha256After: sha256(after) });
    }
    const next = withOps(state, ops);
    changes.push({
      id: `migration:${migration.id}`,
      title: migration.describe,
      source: "migration",
      safety: "safe",
      ops,
      migration: { version: migration.version, files },
    });
    state = next;
  }
  const stamp = changes.length ? stampChange(state.config, now) : undefined;
  if (stamp) {
    // A run that cannot record which release migrated the config loses its downgrade protection: it fails.
    try {
      applyOpsToFile(state.config.text, stamp.ops);
    } catch (error) {
      return {
        changes: [],
        failure: {
          migrationId: "stamp",
          file: state.config.path,
          message: error instanceof Error ? error.message : String(error),
        },
        after: raw,
      };
    }
    changes.push(stamp);
    state = withOps(state, stamp.ops);
  }
  return { changes, after: state };
}

/** Records which release last wrote the config, so an older one knows not to rewrite it. */
function stampChange(config: RawFile, now: number): Change | undefined {
  if (config.text === undefined) return undefined;
  const value = parseJsonc(config.text).value;
  if (!isObject(value)) return undefined;
  const file = config.path;
  return {
    id: "migration:stamp",
    title: `stamp meta.lastTouchedVersion ${VERSION}`,
    source: "migration",
    safety: "safe",
    ops: [
      { kind: "json-set", file, path: ["meta", "lastTouchedVersion"], value: VERSION },
      {
        kind: "json-set",
        file,
        path: ["meta", "lastTouchedAt"],
        value: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
      },
    ],
  };
}
