// A store the gateway rewrote while we waited for its lock, only to record usage, still takes our
// edit: the same key-local JSON edits are made on its new content. The gateway records usage every
// few requests, so without this a busy gateway would make every store edit fail "changed on disk".
import { isDeepStrictEqual } from "node:util";
import { parseJsonc } from "../snapshot/jsonc.js";
import type { RawFile } from "../snapshot/raw-file.js";
import { isObject } from "../snapshot/views.js";
import type { FileOp } from "../types.js";

/** What the gateway rewrites on its own, non-stop: usage bookkeeping, never a credential or an order. */
const GATEWAY_BOOKKEEPING = new Set(["usageStats", "lastGood"]);

/**
 * Whether `ops`, planned against `planned`, mean the same on `current`: every op sets or removes a
 * JSON value, and the two texts differ only in the gateway's bookkeeping, which no op touches.
 */
export function canRebase(planned: RawFile, current: RawFile, ops: FileOp[]): boolean {
  if (planned.status !== "ok" || current.status !== "ok" || ops.length === 0) return false;
  if (ops.some((op) => op.kind !== "json-set")) return false;
  const before = parseJsonc(planned.text!).value;
  const after = parseJsonc(current.text!).value;
  if (!isObject(before) || !isObject(after)) return false;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !isDeepStrictEqual(before[key], after[key]));
  return changed.every((key) => GATEWAY_BOOKKEEPING.has(key)) && ops.every((op) => op.kind === "json-set" && !changed.includes(String(op.path[0])));
}
