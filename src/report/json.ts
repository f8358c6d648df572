// The JSON report: a stable, versioned shape for scripts and monitoring. The types here are written
// by hand to match the zod schema in json-schema.ts, so the CLI never loads zod at run time;
// test/report/json.test.ts checks that the two agree.
import type { ChangeReport, DoctorResult } from "../engine/result.js";
import type { Finding, Safety, Severity } from "../types.js";
import { locateSubject, type Locator } from "./locate.js";

/** Bump only for changes that break consumers (removed or retyped fields); adding fields is fine. */
export const JSON_SCHEMA_VERSION = 1;

export interface ReportSubject {
  agentId?: string;
  profileId?: string;
  provider?: string;
  file?: string;
  path?: (string | number)[];
  line?: number;
  column?: number;
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  subject: ReportSubject;
  advice: string[];
  until?: string;
  fix?: { id: string; title: string; safety: Safety; applied: boolean };
}

export interface ReportSummary {
  errors: number;
  warnings: number;
  info: number;
  applied: number;
  pending: number;
}

export interface DoctorReport {
  schemaVersion: 1;
  tool: { name: "clawdia"; version: string };
  stateDir: string;
  configPath: string;
  runId?: string;
  dryRun: boolean;
  exitCode: 0 | 1 | 2;
  summary: ReportSummary;
  findings: ReportFinding[];
  changes: ChangeReport[];
  unverified: string[];
  diff?: string;
}

export interface JsonReportOptions {
  version: string;
  locate?: Locator;
}

/** Changes that were not applied but could be on another run (with --fix, without --dry-run, …). */
const PENDING = new Set<string>(["would-apply", "needs-fix", "declined", "dropped"]);

export function toJsonReport(result: DoctorResult, { version, locate }: JsonReportOptions): DoctorReport {
  const report: DoctorReport = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: "clawdia", version },
    stateDir: result.stateDir,
    configPath: result.configPath,
    dryRun: result.dryRun,
    exitCode: result.exitCode,
    summary: summarize(result),
    findings: result.findings.map((finding) => reportFinding(finding, locate)),
    changes: result.changes.map(reportChange),
    unverified: [...result.unverified],
  };
  // Optional keys are left out rather than set to undefined, so key order and presence are stable.
  if (result.runId !== undefined) report.runId = result.runId;
  if (result.diff !== undefined) report.diff = result.diff;
  return report;
}

function summarize(result: DoctorResult): ReportSummary {
  const count = (severity: Severity) => result.findings.filter((f) => f.severity === severity).length;
  return {
    errors: count("error"),
    warnings: count("warning"),
    info: count("info"),
    applied: result.changes.filter((c) => c.status === "applied").length,
    pending: result.changes.filter((c) => PENDING.has(c.status)).length,
  };
}

function reportFinding(finding: Finding, locate: Locator | undefined): ReportFinding {
  const out: ReportFinding = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    subject: reportSubject(finding, locate),
    advice: [...finding.advice],
  };
  if (finding.until !== undefined) out.until = finding.until;
  if (finding.fix) out.fix = { ...finding.fix };
  return out;
}

/** Copies only the known subject keys (nothing else can leak into the report) and adds line:column. */
function reportSubject({ subject }: Finding, locate: Locator | undefined): ReportSubject {
  const out: ReportSubject = {};
  if (subject.agentId !== undefined) out.agentId = subject.agentId;
  if (subject.profileId !== undefined) out.profileId = subject.profileId;
  if (subject.provider !== undefined) out.provider = subject.provider;
  if (subject.file !== undefined) out.file = subject.file;
  if (subject.path !== undefined) out.path = [...subject.path];
  const position = locateSubject(subject, locate);
  if (position) {
    out.line = position.line;
    out.column = position.column;
  }
  return out;
}

function reportChange(change: ChangeReport): ChangeReport {
  const out: ChangeReport = {
    id: change.id,
    title: change.title,
    source: change.source,
    safety: change.safety,
    status: change.status,
    files: [...change.files],
  };
  if (change.reason !== undefined) out.reason = change.reason;
  return out;
}
