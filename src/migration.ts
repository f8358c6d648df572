// What a migration is: a versioned, shape-keyed plan of file operations. An empty plan means the
// state no longer has the old shape, which is what makes every migration idempotent.
import type { StatePaths } from "./paths.js";
import type { Snapshot } from "./snapshot/snapshot.js";
import type { FileOp } from "./types.js";

export interface MigrationContext {
  snapshot: Snapshot;
  paths: StatePaths;
}

export interface Migration {
  id: string;
  /** The Clawdia release that introduced the new shape. */
  version: string;
  describe: string;
  plan(context: MigrationContext): FileOp[];
}

export function defineMigration(migration: Migration): Migration {
  return migration;
}

/** A migration that cannot do its work: names the file, so the user knows where to look. */
export class MigrationError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}
