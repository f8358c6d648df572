// Loads the plist parser before a state is read, and only where a launchd agent exists: reading the
// state and the rules are synchronous, and the parser (an ES module) can only be loaded
// asynchronously. Called by the two ways a state is read for checking (loadWithHousekeeping, which
// every models command goes through, and runDoctor); importing this module does nothing.
import fs from "node:fs";
import { resolvePaths } from "../paths.js";
import { currentPlatform } from "../seams.js";
import { loadPlistParser } from "./plist-parser.js";

export async function preparePlistParser(): Promise<void> {
  if (currentPlatform() === "darwin" && launchdAgentExists()) await loadPlistParser();
}

function launchdAgentExists(): boolean {
  try {
    return fs.statSync(resolvePaths().launchdPlistPath).isFile();
  } catch {
    return false;
  }
}
