// Shared by the `clawdia migrate` end-to-end tests: the text diff of a migrated file, the state dir
// as a comparable listing, sha256 of files on disk, and a fresh lock like the one the gateway holds.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { structuredPatch } from "diff";
import { expect } from "vitest";
import { history, tree, type Sandbox } from "../helpers.js";

/** The state's stamp after a run at the test clock, as the one-line meta of most fixtures shows it. */
export const STAMP_VERSION = "2026.11.0";
export const STAMP_AT = "2026-11-27T12:00:00Z";

/**
 * The lines that differ between two texts, in order, each prefixed with "-" (only in `before`) or
 * "+" (only in `after`): a unified diff without context. Every other line is byte for byte the same.
 */
export function textDiff(before: string, after: string): string[] {
  return structuredPatch("before", "after", before, after, "", "", { context: 0 })
    .hunks.flatMap((hunk) => hunk.lines)
    .filter((line) => !line.startsWith("\\"));
}

/** The one-line meta of a fixture, before and after the stamp. */
export function stampedMetaLine(version: string, at: string, indent = "  "): string[] {
  return [
    `-${indent}"meta": { "lastTouchedVersion": "${version}", "lastTouchedAt": "${at}" },`,
    `+${indent}"meta": { "lastTouchedVersion": "${STAMP_VERSION}", "lastTouchedAt": "${STAMP_AT}" },`,
  ];
}

export function sha256OfFile(file: string): string | null {
  return fs.existsSync(file) ? createHash("sha256").update(fs.readFileSync(file)).digest("hex") : null;
}

/** The state dir as `tree` lists it, without what a run adds beside the user's files. */
export function userFiles(box: Sandbox): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree(box.stateDir)).filter(([name]) => !/^(backups|doctor)(\/|$)/.test(name)),
  );
}

/** Only the files (contents and modes) of `userFiles`: what an undo must give back. */
export function userFileContents(box: Sandbox): Record<string, string> {
  return Object.fromEntries(Object.entries(userFiles(box)).filter(([, entry]) => entry.startsWith("file ")));
}

/**
 * Takes `<file>.lock` the way the gateway does (proper-lockfile: a directory, fresh mtime), so the
 * CLI must wait for it and give up after CLAWDIA_LOCK_TIMEOUT_MS.
 */
export function holdLock(file: string): string {
  const lock = `${file}.lock`;
  fs.mkdirSync(lock);
  return lock;
}

/** No output may hold a planted secret: checked on its first 20 characters, the distinctive part. */
export function expectNoSecrets(output: string, secrets: string[]): void {
  for (const secret of secrets)
    expect(output, `a secret starting ${secret.slice(0, 20)} was printed`).not.toContain(secret.slice(0, 20));
}

/** The `migrate` run's single history line. */
export function onlyRun(lines: any[]): any {
  expect(lines.map((line) => line.kind)).toEqual(["run"]);
  return lines[0];
}

/** Migrates `box`, then shows that running again changes nothing: --check is 0, no byte moves, one history line. */
export function expectSecondRunChangesNothing(box: Sandbox): void {
  expect(box.run(["migrate"]).code).toBe(0);
  const migrated = userFiles(box);
  expect(box.run(["migrate", "--check"])).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
  expect(box.run(["migrate"]).code).toBe(0);
  expect(userFiles(box)).toEqual(migrated);
  expect(history(box.stateDir)).toHaveLength(1);
}
