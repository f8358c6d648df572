// createSupportBundle: one redacted .tar.gz with everything support needs. It reads the state once,
// writes nothing to it (the doctor report inside is a dry run), and every section is made on its own,
// so a broken config or store gives a bundle that says so instead of no bundle.
import path from "node:path";
import { runDoctor } from "../engine/doctor.js";
import { modelsStatus } from "../models/status.js";
import { statusJson } from "../models/status-json.js";
import { displayPath, resolvePaths } from "../paths.js";
import { makeLocator } from "../report/locate.js";
import { toJsonReport, type DoctorReport } from "../report/json.js";
import { now as clockNow } from "../seams.js";
import { readState } from "../snapshot/read-state.js";
import { buildSnapshot } from "../snapshot/snapshot.js";
import { VERSION } from "../version.js";
import { writeArchive, type BundleEntry } from "./archive.js";
import { scanDaemonFiles } from "./daemon-scan.js";
import { collectLogs, type LogReport, type LogSelection } from "./logs/collect-logs.js";
import { resolveOutputPath } from "./output-path.js";
import { Redactor } from "./redact/redactor.js";
import { authReport, type AuthReport } from "./sections/auth.js";
import { redactedConfig } from "./sections/config.js";
import { daemonReport } from "./sections/daemon.js";
import { daemonReportFromSnapshot, daemonSummaryLines } from "./sections/daemon-snapshot.js";
import { daemonEnvironment } from "../daemon/effective-env.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import { envReport } from "./sections/env.js";
import { renderSummary } from "./sections/summary.js";
import { systemInfo } from "./sections/system.js";
import { bundleSecrets } from "./state-secrets.js";
import { contentEntry, type BundleManifest } from "./manifest.js";
import { cutConfigText } from "./config-cut.js";
import { formatSize } from "./sections/summary.js";
import { Spool } from "./spool.js";

const DEFAULT_LOG_LINES = 2000;

export interface SupportBundleOptions {
  stateDir?: string;
  env?: NodeJS.ProcessEnv;
  /** The bundle's path (relative to `cwd`); default clawdia-support-<timestamp>.tar.gz in `cwd`. */
  output?: string;
  cwd?: string;
  /** The last N lines of each log (default 2000, or every line since `sinceMs` when that is given). */
  logLines?: number;
  /** Only log lines from the last `sinceMs` milliseconds. */
  sinceMs?: number;
  /** Called as the work goes on, for a progress line. */
  onProgress?: (step: string, fraction?: number) => void;
}

export interface SupportBundle {
  path: string;
  size: number;
  sha256: string;
  manifest: BundleManifest;
}

export async function createSupportBundle(options: SupportBundleOptions = {}): Promise<SupportBundle> {
  const env = options.env ?? process.env;
  const paths = resolvePaths({ stateDir: options.stateDir, env });
  const now = clockNow();
  const target = resolveOutputPath(options.output, options.cwd ?? process.cwd(), now, paths.stateDir);
  const progress = options.onProgress ?? (() => {});
  const show = (file: string) => displayPath(file, paths.home);

  // Doctor reads the state on its own: it runs first, so that its snapshot is garbage before the
  // bundle's own is read (a unit of 262,000 assignments made the two together 240 MB).
  progress("running doctor (dry run)");
  let doctorFailed: string | undefined;
  const doctor = await doctorReport(options.stateDir ?? paths.stateDir, env).catch((error: Error) => {
    doctorFailed = `doctor.json could not be made: ${error.message}`;
    return undefined;
  });
  progress("reading the state");
  const snapshot = buildSnapshot(await readState(paths, env));
  const daemonFiles = scanDaemonFiles(paths);
  const redactor = new Redactor({ secrets: bundleSecrets(snapshot, daemonEnv(daemonFiles)), home: paths.home });
  const notes: string[] = doctorFailed ? [doctorFailed] : [];
  const entries: BundleEntry[] = [];
  const addJson = (name: string, value: unknown) =>
    entries.push(contentEntry(name, redactor.redactText(JSON.stringify(value, null, 2) + "\n")));
  const attempt = <T>(what: string, make: () => T): T | undefined => {
    try {
      return make();
    } catch (error) {
      notes.push(`${what} could not be made: ${(error as Error).message}`);
      return undefined;
    }
  };

  addJson("doctor.json", doctor ?? { error: doctorFailed });
  const status = attempt("models-status.json", () => modelsStatus(snapshot, now));
  // The bundle is made without touching the state: nothing was done on the way, so no notes.
  addJson("models-status.json", status ? statusJson(status, now, []) : { error: notes.at(-1) });
  entries.push(
    contentEntry("config.redacted.jsonc", configSection(snapshot, show(snapshot.config.file.path), redactor, notes)),
  );
  const auth: AuthReport[] = [];
  for (const agent of snapshot.agents) {
    const report = attempt(`auth/${agent.id}.json`, () => authReport(snapshot, agent, now, redactor));
    if (report) auth.push(report);
    addJson(`auth/${agent.id}.json`, report ?? { error: notes.at(-1) });
  }
  const scanned = daemonReport(daemonFiles, snapshot.raw.platform);
  const fromSnapshot = attempt("daemon.json from the snapshot", () => daemonReportFromSnapshot(snapshot, scanned));
  const daemonProcess = attempt("the daemon's environment", () => daemonProcessVariables(snapshot));
  const envInfo = envReport(snapshot, daemonFiles, daemonProcess);
  addJson("env.json", envInfo);
  addJson("daemon.json", fromSnapshot ?? scanned);
  const system = systemInfo(env);
  addJson("system.json", system);

  // The logs' compressed bodies wait here for the archive (in memory, or in a private temporary file).
  const spool = new Spool();
  try {
    const selection: LogSelection = {
      lines: options.logLines ?? (options.sinceMs === undefined ? DEFAULT_LOG_LINES : undefined),
      since: options.sinceMs === undefined ? undefined : now - options.sinceMs,
    };
    const logs = await collectLogs(path.join(paths.stateDir, "logs"), spool, redactor, selection, (name, done, total) =>
      progress(`redacting logs/${name}`, total ? done / total : 1),
    );
    entries.push(...logs.entries);
    const createdAt = new Date(now).toISOString();
    const summary = renderSummary({
      createdAt,
      system,
      stateDir: show(paths.stateDir),
      configPath: show(paths.configPath),
      configStatus: snapshot.config.problems.length
        ? `${snapshot.config.file.status}, does not parse`
        : snapshot.config.file.status,
      doctor,
      auth,
      env: envInfo,
      daemon: daemonSummaryLines(fromSnapshot ?? scanned),
      logs: logs.reports,
      logSelection: describeSelection(selection, options.sinceMs),
      notes,
    });
    entries.splice(0, 0, contentEntry("summary.md", redactor.redactText(summary)));
    const manifest = makeManifest(entries, createdAt, selection, logs.reports, redactor, notes);
    entries.splice(0, 0, contentEntry("manifest.json", JSON.stringify(manifest, null, 2) + "\n"));
    progress("compressing");
    const root = path.basename(target).replace(/\.tar\.gz$|\.tgz$/, "") || "clawdia-support";
    const written = await writeArchive(target, root, entries, new Date(now), spool);
    return { path: target, size: written.size, sha256: written.sha256, manifest };
  } finally {
    spool.close();
  }
}

/** config.redacted.jsonc, cut first when the config is too large to be of use (and said so). */
function configSection(snapshot: Snapshot, shownPath: string, redactor: Redactor, notes: string[]): string {
  const file = snapshot.config.file;
  if (file.text === undefined) return redactedConfig(file, shownPath, redactor);
  const { text, cutChars } = cutConfigText(file.text);
  if (cutChars === 0) return redactedConfig(file, shownPath, redactor);
  const cut = formatSize(Buffer.byteLength(file.text) - Buffer.byteLength(text));
  notes.push(
    `config.redacted.jsonc holds the first ${formatSize(Buffer.byteLength(text))} of ${shownPath}; the other ${cut} were cut`,
  );
  const redacted = redactedConfig({ ...file, text }, shownPath, redactor);
  return `${redacted}${redacted.endsWith("\n") ? "" : "\n"}// …[cut: the other ${cut} of ${shownPath} are not in the bundle]\n`;
}

async function doctorReport(stateDir: string, env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const { rules } = await import("../../rules/index.js");
  const run = await runDoctor({ stateDir, env, dryRun: true, rules, command: "support-bundle" });
  const texts = new Map<string, string>();
  for (const file of [run.snapshot.config.file, ...run.snapshot.agents.map((a) => a.store.file)])
    if (file.text !== undefined) texts.set(file.path, file.text);
  // The findings placed up front: each file parsed once and its tree dropped (10,000 agents keep none).
  return toJsonReport(run.result, {
    version: VERSION,
    locate: makeLocator(
      texts,
      run.result.findings.map((finding) => finding.subject),
    ),
  });
}

/** The installed daemon's own variables as the snapshot reads them (values only to classify, never written). */
function daemonProcessVariables(
  snapshot: Snapshot,
): { kind?: string; variables: { key: string; from: string; value?: string }[] } | undefined {
  const env = daemonEnvironment(snapshot);
  if (!env?.installed) return undefined;
  return {
    kind: env.kind,
    variables: [...env.process.values()].map((v) => ({ key: v.key, from: v.source.kind, value: v.value })),
  };
}

function daemonEnv(files: ReturnType<typeof scanDaemonFiles>) {
  return files.flatMap((file) => [...file.env, ...file.environmentFiles.flatMap((envFile) => envFile.env)]);
}

function describeSelection(selection: LogSelection, sinceMs: number | undefined): string {
  const since = sinceMs === undefined ? undefined : `lines since ${new Date(selection.since!).toISOString()}`;
  if (since && selection.lines !== undefined) return `the last ${selection.lines} of the ${since}`;
  return since ?? `the last ${selection.lines} lines of each log`;
}

function makeManifest(
  entries: BundleEntry[],
  createdAt: string,
  selection: LogSelection,
  logs: LogReport[],
  redactor: Redactor,
  notes: string[],
): BundleManifest {
  return {
    schemaVersion: 1,
    tool: { name: "clawdia", version: VERSION },
    createdAt,
    logSelection: {
      ...(selection.lines !== undefined ? { lines: selection.lines } : {}),
      ...(selection.since !== undefined ? { since: new Date(selection.since).toISOString() } : {}),
    },
    files: entries.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
    redactions: redactor.summary(),
    logs,
    notes: notes.map((note) => redactor.redactLine(note)),
  };
}
