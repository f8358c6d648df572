// Loads the plist parser before anything needs it, and only where a launchd agent exists: the
// snapshot and the rules are synchronous, so the (asynchronous) import happens when this module is
// evaluated, with a top-level await. Only rules/index.ts (imported dynamically by the library) and
// src/models/render-status.ts (the `models status` command) import it: a top-level await in the
// library's static graph would break `require("clawdia")`, and the other commands never pay for it.
import fs from "node:fs";
import { resolvePaths } from "../paths.js";
import { currentPlatform } from "../seams.js";
import { loadPlistParser } from "./plist-parser.js";

function launchdAgentExists(): boolean {
  try {
    return fs.statSync(resolvePaths().launchdPlistPath).isFile();
  } catch {
    return false;
  }
}

if (currentPlatform() === "darwin" && launchdAgentExists()) await loadPlistParser();
