// plan (DESIGN.md §2): migrations, the sync pass and rule fixes become Changes with a safety class;
// checks run on the state as it will be after migrations and sync.
import { planClaudeCliSync } from "../auth/claude-sync.js";
import type { Migration } from "../migration.js";
import type { Rule } from "../rule.js";
import type { RawFile } from "../snapshot/raw-file.js";
import type { RawState } from "../snapshot/read-state.js";
import { buildSnapshot, type Snapshot } from "../snapshot/snapshot.js";
import type { Change, Finding, RuleFinding } from "../types.js";
import { sha256 } from "./hash.js";
import { planMigrations } from "./migrate.js";
import { MIGRATION_FAILED } from "./engine-findings.js";

export interface CheckedFinding extends Finding {
  /** The change that repairs it, when the rule offers one. */
  change?: Change;
}

export interface Plan {
  /** Migrations and sync: applied on every run that writes. */
  housekeeping: Change[];
  findings: CheckedFinding[];
  /** The snapshot the checks ran on (after migrations and sync, in memory). */
  checked: Snapshot;
}

export interface Housekeeping {
  changes: Change[];
  /** Findings about the migration run itself (a failure, a config from a newer release). */
  findings: CheckedFinding[];
}

export interface HousekeepingOptions {
  /**
   * Agents whose anthropic:claude-cli the command itself is about to set (setup-token, onboarding a
   * setup-token): the sync must not first copy Claude Code's login there.
   */
  syncSkips?: readonly string[];
}

/** Pending migrations, then the sync pass on the migrated state. */
export function planHousekeeping(
  raw: RawState,
  migrations: Migration[],
  now: number,
  options: HousekeepingOptions = {},
): Housekeeping {
  const plan = planMigrations(raw, migrations, now);
  const findings: CheckedFinding[] = [];
  if (plan.failure) {
    const { migrationId, file, message } = plan.failure;
    findings.push({
      ruleId: MIGRATION_FAILED.id,
      severity: MIGRATION_FAILED.severity,
      message: `migration ${migrationId} failed${file ? ` on ${file}` : ""}: ${message}; no migration was applied`,
      subject: file ? { file } : {},
      advice: ["clawdia migrate --dry-run"],
    });
  }
  return { changes: [...plan.changes, ...syncChanges(buildSnapshot(plan.after), now, options.syncSkips)], findings };
}

/** The Claude Code sync as changes (auth/claude-sync.ts), but for the agents in `skips`. */
export function syncChanges(snapshot: Snapshot, now: number, skips: readonly string[] = []): Change[] {
  return planClaudeCliSync(snapshot, now)
    .filter((sync) => !skips.includes(sync.agentId))
    .map((sync): Change => ({
      id: `sync:${sync.agentId}`,
      title: sync.title,
      source: "sync",
      safety: "safe",
      ops: sync.ops,
    }));
}

export function runChecks(snapshot: Snapshot, rules: Rule[], now: number): CheckedFinding[] {
  const context = { snapshot, config: snapshot.configView, paths: snapshot.raw.paths, now };
  return rules.flatMap((rule) => {
    let found: RuleFinding[];
    try {
      found = rule.check(context);
    } catch (error) {
      // One broken rule must not hide what the others find.
      const reason = error instanceof Error ? error.message : String(error);
      return [
        {
          ruleId: rule.id,
          severity: "error",
          message: `the rule ${rule.id} failed: ${reason} (a bug; please report it)`,
          subject: {},
          advice: [],
        },
      ];
    }
    return found.map((finding) => toFinding(rule, finding));
  });
}

function toFinding(rule: Rule, finding: RuleFinding): CheckedFinding {
  const subject = finding.subject ?? {};
  const base: CheckedFinding = {
    ruleId: rule.id,
    severity: finding.severity ?? rule.severity,
    message: finding.message,
    subject,
    advice: finding.advice ?? [],
    ...(finding.until !== undefined && { until: finding.until }),
  };
  if (!finding.fix || finding.fix.ops.length === 0) return base;
  const change: Change = {
    id: `${rule.id}#${sha256(findingKey(base))!.slice(0, 8)}`,
    title: finding.fix.title,
    source: "fix",
    safety: finding.fix.safety ?? (rule.fix === "none" ? "manual" : rule.fix),
    ops: finding.fix.ops,
  };
  return { ...base, change, fix: { id: change.id, title: change.title, safety: change.safety, applied: false } };
}

/** Identifies a finding across the check and the verify pass. */
export function findingKey(finding: Pick<Finding, "ruleId" | "subject" | "message">): string {
  const { agentId, profileId, provider, file, path } = finding.subject;
  return JSON.stringify([finding.ruleId, agentId, profileId, provider, file, path]);
}

export function plannedFiles(raw: RawState): Map<string, RawFile> {
  const files = new Map<string, RawFile>([
    [raw.config.path, raw.config],
    [raw.dotenv.path, raw.dotenv],
    [raw.legacy.config.path, raw.legacy.config],
  ]);
  for (const store of raw.stores.values()) files.set(store.path, store);
  for (const file of raw.legacy.authJson.values()) files.set(file.path, file);
  for (const file of raw.legacy.agentDir.files) files.set(file.path, file);
  return files;
}
