// summary.md: the human overview support reads first. Made from the other sections (already free of
// secrets), and redacted again with the rest of the bundle all the same.
import type { DoctorReport } from "../../report/json.js";
import type { LogReport } from "../logs/collect-logs.js";
import type { AuthReport } from "./auth.js";
import type { EnvReport } from "./env.js";
import type { SystemInfo } from "./system.js";
// Every value from the state (ids, messages, paths, names) is escaped where it is put in the Markdown:
// control characters as `\x1b`, and what would end a table cell or open code, a link or HTML.
import { markdownCode as code, markdownText as text } from "../../report/printable.js";

export interface SummaryInput {
  createdAt: string;
  system: SystemInfo;
  stateDir: string;
  configPath: string;
  configStatus: string;
  doctor?: DoctorReport;
  auth: AuthReport[];
  env: EnvReport;
  /** The daemon's lines (see daemonSummaryLines). */
  daemon: string[];
  logs: LogReport[];
  logSelection: string;
  notes: string[];
}

export function renderSummary(input: SummaryInput): string {
  const { system } = input;
  const lines = [
    "# Clawdia support bundle",
    "",
    `Created ${text(input.createdAt)} by clawdia ${text(system.clawdia)} on Node ${text(system.node)}, ${text(system.os)} ${text(system.release)} (${text(system.platform)}/${text(system.arch)}).`,
    "Every file here is redacted: credentials appear as `[REDACTED:<kind>#<n>]`, the same value always with the same number; the home directory is `~`.",
    "",
    `- State directory: ${code(input.stateDir)}`,
    `- Config: ${code(input.configPath)} (${text(input.configStatus)})`,
    "",
    ...findingsSection(input.doctor),
    ...authSection(input.auth),
    ...envSection(input.env),
    ...daemonSection(input.daemon),
    ...logsSection(input.logs, input.logSelection),
  ];
  if (input.notes.length) lines.push("## Notes", "", ...input.notes.map((note) => `- ${text(note)}`), "");
  return lines.join("\n");
}

function findingsSection(doctor: DoctorReport | undefined): string[] {
  if (!doctor) return ["## Findings", "", "The doctor report could not be made (see doctor.json).", ""];
  const { errors, warnings, info } = doctor.summary;
  const out = [
    "## Findings (`clawdia doctor --dry-run`)",
    "",
    `${errors} error(s), ${warnings} warning(s), ${info} info; doctor would exit ${doctor.exitCode}.`,
    "",
  ];
  for (const severity of ["error", "warning", "info"] as const) {
    for (const finding of doctor.findings.filter((f) => f.severity === severity))
      out.push(`- **${severity}** ${code(finding.ruleId)}: ${text(finding.message)}`);
  }
  const pending = doctor.changes.filter((change) => change.status !== "applied");
  if (pending.length)
    out.push(
      "",
      "Changes a real run would make or offer:",
      ...pending.map((c) => `- ${text(c.title)} (${text(c.safety)}, ${text(c.status)})`),
    );
  return [...out, ""];
}

function authSection(auth: AuthReport[]): string[] {
  const out = ["## Auth profiles", ""];
  if (auth.length === 0) return [...out, "No agent has an auth store.", ""];
  out.push(
    "| agent | store | profile | type | provider | status | expires | fingerprint | cooldown until | errors |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const agent of auth) {
    const store = text(
      `${agent.store.status}${agent.store.problems.length ? ` (line ${agent.store.problems[0].line})` : ""}`,
    );
    if (agent.profiles.length === 0) out.push(`| ${text(agent.agentId)} | ${store} | – | | | | | | | |`);
    for (const p of agent.profiles) {
      const values = [agent.agentId, p.id, p.type, p.provider, p.status, p.expires ?? ""].map(text);
      const [agentId, id, type, provider, status, expires] = values;
      const fingerprint = p.fingerprint ? code(p.fingerprint, { inTable: true }) : "";
      const cells = [
        agentId,
        store,
        id,
        type,
        provider,
        status,
        expires,
        fingerprint,
        text(p.usage?.cooldownUntil ?? ""),
        text(String(p.usage?.errorCount ?? "")),
      ];
      out.push(`| ${cells.join(" | ")} |`);
    }
  }
  return [...out, ""];
}

function envSection(env: EnvReport): string[] {
  const out = [
    "## Environment (names only)",
    "",
    `Login shell environment for the daemon: ${env.shellEnvEnabled ? "on" : "off"}.`,
    "",
  ];
  for (const variable of env.variables)
    out.push(
      `- ${code(variable.name)}: ${text(variable.sources.map((s) => s.from + (s.looksLike ? ` (${s.looksLike})` : "")).join(", "))}`,
    );
  return [...out, ""];
}

function daemonSection(daemon: string[]): string[] {
  return ["## Daemon", "", ...daemon.map((line) => `- ${line}`), ""];
}

function logsSection(logs: LogReport[], selection: string): string[] {
  const out = ["## Logs", "", `Selection: ${text(selection)}.`, ""];
  if (logs.length === 0) return [...out, "No *.log file in the logs directory.", ""];
  for (const log of logs) {
    const detail = log.error
      ? `could not be read (${text(log.error)})`
      : `${log.linesKept} line(s) of ${formatSize(log.sourceBytes)}${log.linesCut ? `, ${log.linesCut} overlong line(s) cut` : ""}`;
    out.push(`- ${code(`logs/${log.name}`)}: ${detail}`);
  }
  return [...out, ""];
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
