// The end of every onboarding: the doctor's checks on the new state, what was written, which
// credential each provider now uses, and the exact command that restarts the installed daemon.
import type { InstalledDaemon } from "../daemon/installed.js";
import { runDoctor, type DoctorRun } from "../engine/doctor.js";
import { describeExpiry } from "../auth/status.js";
import { fingerprint } from "../auth/fingerprint.js";
import { modelsStatus } from "../models/status.js";
import { VERSION } from "../version.js";
import { describeTarget } from "./plan.js";
import type { Finding } from "../types.js";
import type { AuthChoice, CredentialPlan, Target } from "./types.js";

export interface Outcome {
  plans: CredentialPlan[];
  /** The onboarding's own run in the history, when it wrote. */
  runId?: string;
  /** What the housekeeping on load (migrations, the Claude Code sync) did just before, in words. */
  housekeeping: string[];
  checks: DoctorRun;
  daemon?: InstalledDaemon;
  now: number;
}

/** The doctor's checks, as `clawdia doctor --non-interactive` runs them (safe repairs only). */
export function runClosingChecks(stateDir: string | undefined): Promise<DoctorRun> {
  return runDoctor({ stateDir, nonInteractive: true, command: "onboard (closing checks)" });
}

/** 0: done and no error-level finding is left; 1: done, but one is. */
export function exitCodeOf(outcome: Outcome): 0 | 1 {
  return outcome.checks.result.exitCode === 1 ? 1 : 0;
}

export function writtenLines(outcome: Outcome): string[] {
  const home = outcome.checks.paths.home;
  const lines: string[] = [...outcome.housekeeping];
  for (const plan of outcome.plans) {
    const where = describeTarget(plan.target, home);
    if (plan.change.ops.length === 0) {
      lines.push(`${where} already holds ${plan.fingerprint}; nothing changed.`);
      continue;
    }
    const replaced =
      plan.existing && plan.existing.state !== "same"
        ? `, replacing ${fingerprint(plan.existing.secret)}${plan.existing.reason ? ` (${plan.existing.reason})` : ""}`
        : "";
    const expiry =
      plan.answer.choice === "api-key"
        ? ""
        : plan.expires === undefined
          ? "; no expiry recorded"
          : `; ${describeExpiry(plan.expires, outcome.now)}`;
    lines.push(`Stored ${plan.fingerprint} as ${where}${replaced}${expiry}.`);
    for (const note of plan.notes) lines.push(`  (${note})`);
  }
  if (outcome.runId) lines.push(`Undo with: clawdia doctor --undo (run ${outcome.runId})`);
  return lines;
}

/** What `models status` now says about each onboarded provider (the default agent). */
export function usageLines(outcome: Outcome): string[] {
  const { snapshot } = outcome.checks;
  const status = modelsStatus(snapshot, outcome.now, snapshot.configView.defaultAgentId);
  return outcome.plans.map((plan) => {
    const provider = status.agents[0]?.providers.find((p) => p.provider === plan.answer.provider);
    const effective = provider?.effective;
    if (!effective)
      return `${plan.answer.provider}: no usable credential (${provider?.problem ?? "see clawdia models status"})`;
    const other =
      effective.fingerprint === plan.fingerprint
        ? ""
        : "; the credential just stored is not the first one tried (see clawdia models status)";
    return `${plan.answer.provider}: ${provider!.health}, uses ${effective.label} (${effective.fingerprint})${other}`;
  });
}

/** Whether the gateway has something new to read: onboarding wrote, or the sync did on its way. */
function changedAnything(outcome: Outcome): boolean {
  return outcome.runId !== undefined || outcome.housekeeping.some((note) => note.startsWith("Applied"));
}

export function checkLines(outcome: Outcome): string[] {
  const { result } = outcome.checks;
  const problems = result.findings.filter((finding) => finding.severity !== "info");
  const lines = problems.length
    ? problems.flatMap((finding) => [
        `${finding.severity === "error" ? "✖" : "⚠"} ${finding.message} [${finding.ruleId}]`,
        ...finding.advice.slice(0, 2).map((advice) => `    → ${advice}`),
      ])
    : ["✓ clawdia doctor finds no problem"];
  const repaired = result.changes.filter((change) => change.status === "applied");
  if (result.runId && repaired.length)
    lines.push(
      `The checks also applied safe repairs (run ${result.runId}): ${repaired.map((change) => change.title).join("; ")}`,
    );
  return lines;
}

export function nextLines(outcome: Outcome): string[] {
  const lines: string[] = [];
  if (changedAnything(outcome)) {
    lines.push(
      outcome.daemon
        ? `Restart the gateway so it reads the change: ${outcome.daemon.restartCommand}`
        : "No gateway daemon is installed: if you run `clawdia gateway` yourself, restart it so it reads the change.",
    );
  }
  lines.push("Check: clawdia models status --check");
  return lines;
}

/** `--json`: fingerprints only, never a secret. Its schema: src/report/schemas/onboard.ts. */
export interface OnboardJson {
  schemaVersion: 1;
  tool: { name: "clawdia"; version: string };
  stateDir: string;
  changed: boolean;
  runId: string | null;
  housekeeping: string[];
  credentials: OnboardedCredential[];
  daemon: InstalledDaemon | null;
  restartCommand: string | null;
  checks: {
    exitCode: 0 | 1 | 2;
    runId: string | null;
    findings: Pick<Finding, "ruleId" | "severity" | "message" | "advice">[];
  };
  exitCode: 0 | 1;
}

export interface OnboardedCredential {
  provider: string;
  authChoice: AuthChoice;
  store: Target["kind"];
  file: string;
  envKey: string | null;
  agentId: string | null;
  profileId: string | null;
  fingerprint: string;
  expires: number | null;
  changed: boolean;
  replaced: { fingerprint: string; reason: string | null } | null;
  notes: string[];
  effective: { label: string; fingerprint: string } | null;
}

export function summaryJson(outcome: Outcome): OnboardJson {
  const { result, paths, snapshot } = outcome.checks;
  const status = modelsStatus(snapshot, outcome.now, snapshot.configView.defaultAgentId);
  return {
    schemaVersion: 1,
    tool: { name: "clawdia", version: VERSION },
    stateDir: paths.stateDir,
    changed: outcome.runId !== undefined,
    runId: outcome.runId ?? null,
    housekeeping: outcome.housekeeping,
    credentials: outcome.plans.map((plan) => {
      const effective = status.agents[0]?.providers.find((p) => p.provider === plan.answer.provider)?.effective;
      return {
        provider: plan.answer.provider,
        authChoice: plan.answer.choice,
        store: plan.target.kind,
        file: plan.target.file,
        envKey: plan.target.kind === "dotenv" ? plan.target.envKey : null,
        agentId: plan.target.kind === "profile" ? plan.target.agentId : null,
        profileId: plan.target.kind === "profile" ? plan.target.profileId : null,
        fingerprint: plan.fingerprint,
        expires: plan.expires ?? null,
        changed: plan.change.ops.length > 0,
        replaced:
          plan.change.ops.length > 0 && plan.existing && plan.existing.state !== "same"
            ? { fingerprint: fingerprint(plan.existing.secret), reason: plan.existing.reason ?? null }
            : null,
        notes: plan.notes,
        effective: effective ? { label: effective.label, fingerprint: effective.fingerprint } : null,
      };
    }),
    daemon: outcome.daemon
      ? { kind: outcome.daemon.kind, file: outcome.daemon.file, restartCommand: outcome.daemon.restartCommand }
      : null,
    restartCommand: changedAnything(outcome) && outcome.daemon ? outcome.daemon.restartCommand : null,
    checks: {
      exitCode: result.exitCode,
      runId: result.runId ?? null,
      findings: result.findings.map(({ ruleId, severity, message, advice }) => ({ ruleId, severity, message, advice })),
    },
    exitCode: exitCodeOf(outcome),
  };
}
