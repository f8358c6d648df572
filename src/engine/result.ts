// What one doctor run produced: the input of every report format.
import type { ChangeStatus, Finding, Safety } from "../types.js";

export interface ChangeReport {
  id: string;
  title: string;
  source: "migration" | "sync" | "fix";
  safety: Safety;
  status: ChangeStatus;
  files: string[];
  /** Why it was not applied (dropped, declined, needs --fix). */
  reason?: string;
}

export interface DoctorResult {
  stateDir: string;
  configPath: string;
  /** Set when the run wrote something. */
  runId?: string;
  dryRun: boolean;
  /** The findings left after the run (after verify), each with its fix's status. */
  findings: Finding[];
  changes: ChangeReport[];
  /** Unified diffs of the planned changes, secrets masked (only with --dry-run). */
  diff?: string;
  /** Ids of fixes that were applied but whose finding is still there. */
  unverified: string[];
  exitCode: 0 | 1 | 2;
}
