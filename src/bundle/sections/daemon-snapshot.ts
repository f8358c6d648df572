// daemon.json from the snapshot's own reading of the daemon (src/daemon/: the unit with its drop-ins
// and environment files, or the plist), as doctor sees it: files, variable names and where each
// comes from, problems, and the secrets written inline, by name. Never a value.
import { daemonEnvironment } from "../../daemon/effective-env.js";
import type { Snapshot } from "../../snapshot/snapshot.js";
import type { DaemonReport } from "./daemon.js";
import { markdownCode as code, markdownText as text } from "../../report/printable.js";

export interface SnapshotDaemonReport {
  source: string;
  platform: NodeJS.Platform;
  kind?: string;
  installed: boolean;
  file: { path: string; status: string; mode?: string };
  dropIns: { path: string; status: string }[];
  environmentFiles: { path: string; optional: boolean; files: { path: string; status: string; keys: string[] }[] }[];
  /** The daemon's own process environment: every variable's name and where it is set. */
  processEnvironment: { key: string; from: string; where: string }[];
  /** The variables that matter to the gateway, and where the daemon gets each (absent: nowhere). */
  effective: { key: string; from: string; where: string }[];
  /** Secrets written into the unit or plist itself (a finding of their own), by name and place. */
  inlineSecrets: { name: string; where: string; file: string; line?: number }[];
  command: string[];
  problems: { severity: string; message: string; file: string; line?: number }[];
  shellEnv: { enabled: boolean; status?: string };
  restartCommand?: string;
  /** The unit or plist of the other platform, when there is one (read by support-bundle itself). */
  otherFiles: DaemonReport["files"];
}

export function daemonReportFromSnapshot(snapshot: Snapshot, scanned: DaemonReport): SnapshotDaemonReport | undefined {
  const daemon = snapshot.daemon;
  const env = daemonEnvironment(snapshot);
  if (!daemon || !env) return undefined;
  const mode = daemon.file.mode;
  const service = daemon.service;
  return {
    source: "the snapshot's reading of the installed daemon (src/daemon), the same doctor's checks use",
    platform: snapshot.raw.platform,
    ...(daemon.kind ? { kind: daemon.kind } : {}),
    installed: daemon.installed,
    file: {
      path: daemon.file.path,
      status: daemon.file.status,
      ...(mode !== undefined ? { mode: mode.toString(8).padStart(4, "0") } : {}),
    },
    dropIns: daemon.raw.dropIns.map((file) => ({ path: file.path, status: file.status })),
    environmentFiles: daemon.environmentFiles.map(({ setting, files }) => ({
      path: setting.path,
      optional: setting.optional,
      files: files.map((file) => ({
        path: file.path,
        status: file.status,
        keys: daemon.loadedEnvironmentFiles
          .filter((loaded) => loaded.path === file.path)
          .flatMap((loaded) => loaded.entries.map((entry) => entry.key)),
      })),
    })),
    processEnvironment: [...env.process.values()].map((v) => ({
      key: v.key,
      from: v.source.kind,
      where: v.source.label,
    })),
    effective: [...env.effective.values()].map((v) => ({ key: v.key, from: v.source.kind, where: v.source.label })),
    inlineSecrets: env.inlineSecrets.map(({ name, where, file, line }) => ({
      name,
      where,
      file,
      ...(line !== undefined ? { line } : {}),
    })),
    command: service?.execStart.at(-1)?.argv ?? scanned.files.find((f) => f.kind === daemon.kind)?.command ?? [],
    problems: env.problems.map(({ severity, message, file, line }) => ({
      severity,
      message,
      file,
      ...(line !== undefined ? { line } : {}),
    })),
    shellEnv: {
      enabled: env.shellEnv.enabled,
      ...(env.shellEnv.outcome ? { status: env.shellEnv.outcome.status } : {}),
    },
    ...(env.restartCommand ? { restartCommand: env.restartCommand } : {}),
    otherFiles: scanned.files.filter((file) => file.kind !== daemon.kind && file.status !== "missing"),
  };
}

/** The daemon's lines of summary.md (Markdown, every value escaped), from either kind of report. */
export function daemonSummaryLines(report: SnapshotDaemonReport | DaemonReport): string[] {
  if ("files" in report) {
    return report.files.map((file) => {
      const keys = file.environmentKeys.length ? `; environment: ${text(file.environmentKeys.join(", "))}` : "";
      return `${file.kind}${file.kind === report.expected ? " (this platform)" : ""}: ${code(file.path)} ${text(file.status)}${keys}`;
    });
  }
  const lines = [
    `${text(report.kind ?? "no daemon kind on this platform")}: ${code(report.file.path)} ${text(report.installed ? report.file.status : "not installed")}`,
  ];
  if (report.processEnvironment.length)
    lines.push(`its environment: ${text(report.processEnvironment.map((v) => `${v.key} (${v.from})`).join(", "))}`);
  for (const key of report.effective) lines.push(`the daemon sees ${text(key.key)} from ${text(key.where)}`);
  for (const secret of report.inlineSecrets)
    lines.push(`a secret is written inline: ${text(secret.name)} (${text(secret.where)})`);
  for (const problem of report.problems) lines.push(`${problem.severity}: ${text(problem.message)}`);
  for (const file of report.otherFiles) lines.push(`also present: ${file.kind} ${code(file.path)}`);
  return lines;
}
