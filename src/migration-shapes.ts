// The shapes most migrations share, as plans: a config key moved to its new path, a file moved to
// its new name. Each plans nothing when the old shape is not there, which keeps migrations idempotent.
import type { StatePaths } from "./paths.js";
import { isObject, valueAt } from "./snapshot/views.js";
import type { FileOp } from "./types.js";

export interface MoveKeyOptions {
  /** Remove the old key's object too when the key was all it held (`agent: { model }` goes whole). */
  dropEmptyParent?: boolean;
}

/**
 * Moves a string at `from` in the config to `to`. Nothing is planned when there is no string at
 * `from`, when the new key's object is something else than an object, or when the new key holds
 * another value already: both set and different is the user's call (state/legacy-leftovers says so).
 * When the new key holds the same value, only the old one is removed.
 */
export function moveConfigKey(
  config: unknown,
  paths: StatePaths,
  from: string[],
  to: string[],
  options: MoveKeyOptions = {},
): FileOp[] {
  const oldParent = valueAt(config, ...from.slice(0, -1));
  const value = isObject(oldParent) ? oldParent[from[from.length - 1]] : undefined;
  if (typeof value !== "string") return [];
  const newParent = valueAt(config, ...to.slice(0, -1));
  if (newParent !== undefined && !isObject(newParent)) return [];
  const current = isObject(newParent) ? newParent[to[to.length - 1]] : undefined;
  if (current !== undefined && current !== value) return [];
  const file = paths.configPath;
  const alone = options.dropEmptyParent && isObject(oldParent) && Object.keys(oldParent).length === 1;
  return [
    ...(current === undefined ? [{ kind: "json-set" as const, file, path: to, value }] : []),
    { kind: "json-set" as const, file, path: alone ? from.slice(0, -1) : from, value: undefined },
  ];
}

/** Moves a file to a new name: written there with the same text (and its mode, from `from`), then removed. */
export function moveFile(from: string, to: string, content: string): FileOp[] {
  return [
    { kind: "write", file: to, content, from },
    { kind: "delete", file: from },
  ];
}
