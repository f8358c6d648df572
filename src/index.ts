// The library: what the gateway imports (`import { runDoctor } from "clawdia"`).
export { runDoctor, exitCodeFor, type DoctorOptions, type DoctorRun } from "./engine/doctor.js";
export { undoLastRun, type UndoResult } from "./engine/undo.js";
export type { DoctorResult, ChangeReport } from "./engine/result.js";
export { resolvePaths, type StatePaths } from "./paths.js";
export { fingerprint } from "./auth/fingerprint.js";
export { UsageError, UserError } from "./errors.js";
export type { Rule, RuleContext, RuleDefinition } from "./rule.js";
export type { Migration, MigrationContext } from "./migration.js";
export type { Snapshot } from "./snapshot/snapshot.js";
export type * from "./types.js";
export {
  resolveAuthCandidates,
  PinError,
  type CandidateResolution,
  type Candidate,
  type ResolveInput,
} from "./auth/candidates.js";
export { parseModelDirective, type ModelDirective } from "./auth/model-directive.js";
export { modelsStatus, type ModelsStatus } from "./models/status.js";
export { runMigrations, type MigrationRun, type RunMigrationsOptions } from "./engine/run-migrations.js";
export { createSupportBundle, type SupportBundleOptions, type SupportBundle } from "./bundle/create.js";
