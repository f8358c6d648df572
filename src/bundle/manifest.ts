// manifest.json: what is in the bundle (every file with its size and sha256), how it was made, and
// how many values were redacted, by kind. `clawdia support-bundle --json` prints it.
import { createHash } from "node:crypto";
import type { BundleEntry } from "./archive.js";
import type { LogReport } from "./logs/collect-logs.js";

export interface BundleManifest {
  schemaVersion: 1;
  tool: { name: "clawdia"; version: string };
  createdAt: string;
  logSelection: { lines?: number; since?: string };
  /** Every other file of the bundle, by its path inside the bundle's directory. */
  files: { name: string; size: number; sha256: string }[];
  redactions: { total: number; byKind: Record<string, number>; distinctValues: number };
  logs: LogReport[];
  /** Sections that could not be made, and why. */
  notes: string[];
}

/** `support-bundle --json`: the manifest and, there only, the bundle file itself. Schema: src/report/schemas/support-bundle.ts. */
export interface SupportBundleJson extends BundleManifest {
  bundle?: { path: string; size: number; sha256: string };
}

export function contentEntry(name: string, text: string): BundleEntry {
  const content = Buffer.from(text, "utf8");
  return { name, content, size: content.length, sha256: createHash("sha256").update(content).digest("hex") };
}
