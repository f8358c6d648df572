// A store the gateway rewrote while we waited for its lock, only to record usage, still takes our
// edit: the same key-local JSON edits are made on its new content. The gateway records usage every
// few requests, so without this a busy gateway would make every store edit fail "changed on disk".
// An edit of one profile's usage record itself (a cooldown cleared) is made on the new content when
// the gateway left that profile's record as it was planned on: what it recorded for the others stays,
// and a failure it recorded for this very profile meanwhile is never overwritten (the edit is dropped).
import { isDeepStrictEqual } from "node:util";
import { parseJsonc } from "../snapshot/jsonc.js";
import type { RawFile } from "../snapshot/raw-file.js";
import { isObject } from "../snapshot/views.js";
import type { FileOp } from "../types.js";

/** What the gateway rewrites on its own, non-stop: usage bookkeeping, never a credential or an order. */
const GATEWAY_BOOKKEEPING = new Set(["usageStats", "lastGood"]);

/**
 * Whether `ops`, planned against `planned`, mean the same on `current`: every op sets or removes a
 * JSON value, the two texts differ only in the gateway's bookkeeping, and no op touches a part of it
 * that changed (an op inside `usageStats.<profileId>` touches that profile's record only).
 */
export function canRebase(planned: RawFile, current: RawFile, ops: FileOp[]): boolean {
  if (planned.status !== "ok" || current.status !== "ok" || ops.length === 0) return false;
  if (ops.some((op) => op.kind !== "json-set")) return false;
  const before = parseJsonc(planned.text!).value;
  const after = parseJsonc(current.text!).value;
  if (!isObject(before) || !isObject(after)) return false;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !isDeepStrictEqual(before[key], after[key]),
  );
  return (
    changed.every((key) => GATEWAY_BOOKKEEPING.has(key)) &&
    ops.every((op) => op.kind === "json-set" && !touchesChange(op.path, before, after, changed))
  );
}

function touchesChange(
  path: (string | number)[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  changed: string[],
): boolean {
  const [top, profileId] = path;
  if (!changed.includes(String(top))) return false;
  if (top !== "usageStats" || path.length < 3) return true;
  return !isDeepStrictEqual(recordOf(before, String(profileId)), recordOf(after, String(profileId)));
}

function recordOf(store: Record<string, unknown>, profileId: string): unknown {
  const usage = store.usageStats;
  return isObject(usage) ? usage[profileId] : undefined;
}
