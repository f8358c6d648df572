// runDoctor: every stage of the pipeline (pipeline.ts) in turn — load → migrate → sync → check → plan
// → apply → verify — returning what the report needs. What is doctor's own: which fixes a run applies.
import { UsageError } from "../errors.js";
import { resolvePaths, type StatePaths } from "../paths.js";
import type { Rule } from "../rule.js";
import { now as clockNow } from "../seams.js";
import { collectSecrets } from "../secrets.js";
import type { RawState } from "../snapshot/read-state.js";
import { buildSnapshot, type Snapshot } from "../snapshot/snapshot.js";
import type { Change, ChangeStatus, Finding } from "../types.js";
import { apply, check, housekeeping as planHousekeeping, load, preview, verify } from "./pipeline.js";
import { plannedFiles, type CheckedFinding } from "./plan.js";
import type { ChangeReport, DoctorResult } from "./result.js";
import { findInterruptedRuns } from "./interrupted.js";
import { INTERRUPTED_RUN } from "./engine-findings.js";
import path from "node:path";
import { stateAsWritten, withOps } from "./virtual-state.js";
import { printable } from "../report/printable.js";

export interface DoctorOptions {
  stateDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Apply unsafe fixes too (after confirmation, or with `yes`). */
  fix?: boolean;
  yes?: boolean;
  /** Safe repairs only, never a prompt. */
  nonInteractive?: boolean;
  dryRun?: boolean;
  /** The rules to run (default: all). */
  rules?: Rule[];
  /** Only findings about this agent (and global ones). */
  agent?: string;
  /** Asks the user about unsafe changes; absent when there is no TTY. */
  confirm?: (changes: Change[]) => Promise<boolean>;
  /** Recorded in the history, e.g. "doctor --fix". */
  command?: string;
}

export interface DoctorRun {
  result: DoctorResult;
  /** The state after the run, for reports that show file positions. */
  snapshot: Snapshot;
  /** Every secret known from the state, for masking output. */
  secrets: string[];
  paths: StatePaths;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorRun> {
  const env = options.env ?? process.env;
  const paths = resolvePaths({ stateDir: options.stateDir, env });
  const now = clockNow();
  const rules = options.rules ?? (await import("../../rules/index.js")).rules;
  const raw = await load(paths, env);
  const planned = plannedFiles(raw);
  if (options.agent) assertKnownAgent(buildSnapshot(raw), options.agent);

  const { changes: housekeeping, findings: planFindings } = planHousekeeping(raw, now);
  const housekeepingFindings = [...interruptedRunFindings(paths), ...planFindings];
  const checked = buildSnapshot(
    withOps(
      raw,
      housekeeping.flatMap((change) => change.ops),
    ),
  );
  const checkFindings = check(checked, rules, now, options.agent);
  const found = [...housekeepingFindings, ...checkFindings];

  const fixes = uniqueChanges(found);
  const decisions = await decide(fixes, options);
  const selected = [...housekeeping, ...fixes.filter((change) => decisions.get(change.id) === "applied")];
  const statuses = new Map<string, { status: ChangeStatus; reason?: string }>();
  for (const change of fixes)
    statuses.set(change.id, {
      status: decisions.get(change.id)!,
      reason: reasonFor(decisions.get(change.id)!, options),
    });
  for (const change of housekeeping) statuses.set(change.id, { status: "applied" });

  let runId: string | undefined;
  let after: RawState;
  if (options.dryRun) {
    for (const change of selected) statuses.set(change.id, { status: "would-apply" });
    after = withOps(
      raw,
      selected.flatMap((change) => change.ops),
    );
  } else if (selected.length > 0) {
    const applied = await apply(raw, selected, options.command ?? "doctor", { env, planned, confirmWritten: true });
    runId = applied.runId;
    for (const { change, reason } of applied.dropped) statuses.set(change.id, { status: "dropped", reason });
    // A run that only rewrote auth stores (a fix in each of 1,000 agents) is verified on the stores
    // as written, confirmed under their locks, instead of reading every file of the state again.
    const changed = applied.dropped.length ? [] : selected.flatMap((change) => change.ops.map((op) => op.file));
    after = stateAsWritten(raw, changed, applied.written) ?? (await load(paths, env));
  } else {
    after = raw;
  }

  const snapshot = buildSnapshot(after);
  // Rules are pure functions of the snapshot and the clock: on the very snapshot they were checked on
  // (nothing to write, nothing planned) the verify pass would find the same, at the same cost again.
  const verified = snapshot === checked ? checkFindings : check(snapshot, rules, now, options.agent);
  const remaining = [...housekeepingFindings, ...verified];
  const appliedFixes = found.filter((f) => f.change && statuses.get(f.change.id)?.status === "applied");
  const unverified = options.dryRun ? [] : verify(remaining, appliedFixes);
  const before = buildSnapshot(raw);
  const secrets =
    snapshot === before
      ? collectSecrets(snapshot)
      : [...new Set([...collectSecrets(before), ...collectSecrets(snapshot)])];
  const diff = options.dryRun ? await preview(selected, raw, secrets, planned) : undefined;

  // A dry run shows the problems as they are, each with what the run would do about it; its exit
  // code is the one the real run would give.
  const findings = (options.dryRun ? found : remaining).map((finding) => withFixStatus(finding, statuses));
  const result: DoctorResult = {
    stateDir: paths.stateDir,
    configPath: paths.configPath,
    runId,
    dryRun: !!options.dryRun,
    findings,
    changes: [...housekeeping, ...fixes].map((change) => changeReport(change, statuses)),
    diff,
    unverified,
    exitCode: exitCodeFor(remaining),
  };
  return { result, snapshot, secrets, paths };
}

/** A run that was stopped half-way is reported until it is undone; an undo stopped half-way, until it is finished. */
function interruptedRunFindings(paths: StatePaths): CheckedFinding[] {
  return findInterruptedRuns(paths).map((run) => ({
    ruleId: INTERRUPTED_RUN.id,
    severity: INTERRUPTED_RUN.severity,
    message: run.undoes
      ? `an undo of run ${run.undoes} (${run.runId}) was interrupted before it finished: each of its files holds either the run's content or what it was before`
      : `an earlier run (${run.runId}) was interrupted before it finished: each of its files holds either its old or its new content`,
    subject: { file: path.join(paths.backupsDir, run.runId) },
    advice: [
      run.undoes
        ? "clawdia doctor --undo   # finishes that undo: puts back the files it had not reached"
        : "clawdia doctor --undo   # puts every file of that run back as it was before it",
    ],
  }));
}

function assertKnownAgent(snapshot: Snapshot, agent: string): void {
  const known = snapshot.agents.map((a) => a.id);
  if (!known.includes(agent))
    throw new UsageError(
      `unknown agent "${printable(agent)}"; known agents: ${known.map(printable).join(", ") || "none"}`,
    );
}

function uniqueChanges(findings: CheckedFinding[]): Change[] {
  const byId = new Map<string, Change>();
  for (const finding of findings) if (finding.change) byId.set(finding.change.id, finding.change);
  return [...byId.values()];
}

async function decide(fixes: Change[], options: DoctorOptions): Promise<Map<string, ChangeStatus>> {
  const decisions = new Map<string, ChangeStatus>();
  const unsafe: Change[] = [];
  for (const change of fixes) {
    if (change.safety === "safe") decisions.set(change.id, "applied");
    else if (change.safety === "manual") decisions.set(change.id, "manual");
    else if (!options.fix) decisions.set(change.id, "needs-fix");
    else unsafe.push(change);
  }
  let accepted = false;
  if (unsafe.length && !options.nonInteractive) {
    accepted = options.yes
      ? true
      : options.confirm && !options.dryRun
        ? await options.confirm(unsafe)
        : !!options.dryRun;
  }
  for (const change of unsafe) decisions.set(change.id, accepted ? "applied" : "declined");
  return decisions;
}

function reasonFor(status: ChangeStatus, options: DoctorOptions): string | undefined {
  if (status === "needs-fix") return "unsafe: run `clawdia doctor --fix` to apply it";
  if (status !== "declined") return undefined;
  if (options.nonInteractive) return "--non-interactive applies safe repairs only";
  if (!options.confirm) return "no terminal to confirm on: add --yes to apply it";
  return "declined at the prompt";
}

function withFixStatus(finding: CheckedFinding, statuses: Map<string, { status: ChangeStatus }>): Finding {
  const { change, ...rest } = finding;
  if (!rest.fix) return rest;
  return { ...rest, fix: { ...rest.fix, applied: statuses.get(rest.fix.id)?.status === "applied" } };
}

function changeReport(change: Change, statuses: Map<string, { status: ChangeStatus; reason?: string }>): ChangeReport {
  const { status, reason } = statuses.get(change.id) ?? { status: "manual" as const };
  const files = [...new Set(change.ops.map((op) => op.file))];
  return {
    id: change.id,
    title: change.title,
    source: change.source,
    safety: change.safety,
    status,
    files,
    ...(reason ? { reason } : {}),
  };
}

export function exitCodeFor(findings: Finding[]): 0 | 1 | 2 {
  if (findings.some((f) => f.severity === "error")) return 1;
  return findings.some((f) => f.severity === "warning") ? 2 : 0;
}
