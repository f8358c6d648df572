// Downgrade protection: a config stamped by a newer Clawdia is never rewritten by this one.
import semverGt from "semver/functions/gt.js";
import semverValid from "semver/functions/valid.js";
import { parseJsonc } from "./snapshot/jsonc.js";
import { valueAt } from "./snapshot/views.js";
import { VERSION } from "./version.js";

/** The newer version that stamped this config text, or undefined when this version may write it. */
export function newerStamp(text: string | undefined, ours: string = VERSION): string | undefined {
  if (text === undefined || !semverValid(ours)) return undefined;
  // Asked for the same (often large) config several times per run: remember the last answer.
  if (last && last.text === text && last.ours === ours) return last.result;
  const result = stampNewerThan(text, ours);
  last = { text, ours, result };
  return result;
}

let last: { text: string; ours: string; result: string | undefined } | undefined;

function stampNewerThan(text: string, ours: string): string | undefined {
  return newerStampOf(parseJsonc(text).value, ours);
}

/** The same, for a config already parsed. */
export function newerStampOf(value: unknown, ours: string = VERSION): string | undefined {
  if (!semverValid(ours)) return undefined;
  const stamp = valueAt(value, "meta", "lastTouchedVersion");
  return typeof stamp === "string" && semverValid(stamp) && semverGt(stamp, ours) ? stamp : undefined;
}
