// The report for people: findings by severity, what changed, what is left, and one summary line.
import { createColors } from "picocolors";
import type { ChangeReport, DoctorResult } from "../engine/result.js";
import { displayPath } from "../paths.js";
import type { ChangeStatus, Finding, Severity } from "../types.js";
import { locateSubject, type Locator } from "./locate.js";
// Messages, ids, paths and diff lines carry text from the user's files: each is escaped where it is
// put into the report (the report's own colours and line breaks are not).
import { printable, printableLine } from "./printable.js";

export interface TextOptions {
  color: boolean;
  /** The user's home directory, shown as `~`. */
  home: string;
  locate?: Locator;
}

type Colors = ReturnType<typeof createColors>;

const SEVERITIES: Severity[] = ["error", "warning", "info"];
const SYMBOL: Record<Severity, string> = { error: "✖", warning: "⚠", info: "ℹ" };

/**
 * Whether to colour output written to `stream`. NO_COLOR (https://no-color.org) wins over
 * FORCE_COLOR because it is the user's own opt-out; FORCE_COLOR lets CI logs keep colour.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== "0";
  // A terminal that says it cannot show escape sequences (Emacs shell buffers, some CI logs).
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export function renderText(result: DoctorResult, options: TextOptions): string {
  return [...renderTextPieces(result, options)].join("");
}

/** renderText a block at a time (a finding is a block), for printing a long report in pieces. */
export function* renderTextPieces(result: DoctorResult, options: TextOptions): Generator<string> {
  let separator = "";
  for (const block of textBlocks(result, options)) {
    yield separator + block;
    separator = "\n\n";
  }
  yield "\n";
}

function* textBlocks(result: DoctorResult, options: TextOptions): Generator<string> {
  // Never the global picocolors: it decides colour from process state, and the caller decides here.
  const c = createColors(options.color);
  const changesById = new Map(result.changes.map((change) => [change.id, change]));
  for (const severity of SEVERITIES) {
    for (const finding of result.findings.filter((f) => f.severity === severity)) {
      yield renderFinding(finding, changesById.get(finding.fix?.id ?? ""), options, c);
    }
  }
  if (result.changes.length > 0) yield renderChanges(result.changes, options.home, c);
  if (result.unverified.length > 0) yield renderUnverified(result.unverified, changesById, c);
  if (result.diff) yield renderDiff(result.diff, c);
  yield summaryLine(result, c);
}

function renderFinding(finding: Finding, change: ChangeReport | undefined, options: TextOptions, c: Colors): string {
  const colour = severityColour(finding.severity, c);
  const lines = [
    `${colour(SYMBOL[finding.severity])} ${printable(finding.message)} ${c.dim(`[${printable(finding.ruleId)}]`)}`,
  ];
  if (finding.subject.file !== undefined) {
    const position = locateSubject(finding.subject, options.locate);
    const where = position ? `:${position.line}:${position.column}` : "";
    lines.push(`    ${c.dim(printable(displayPath(finding.subject.file, options.home)) + where)}`);
  }
  for (const command of finding.advice) lines.push(`    → ${c.cyan(printable(command))}`);
  const fixState = describeFix(finding, change);
  if (fixState) lines.push(`    ${fixState === "fixed" ? c.green(fixState) : fixState}`);
  return lines.join("\n");
}

/** The fix's state, from the change that carries it when the engine reported one. */
function describeFix(finding: Finding, change: ChangeReport | undefined): string | undefined {
  const fix = finding.fix;
  if (!fix) return undefined;
  if (fix.applied || change?.status === "applied") return "fixed";
  switch (change?.status) {
    case "would-apply":
      return "fix would apply (dry run)";
    case "dropped":
      return `fix not applied: ${printable(change.reason ?? "the file changed on disk")}`;
    case "manual":
      return undefined; // the advice lines already say what to do
    case "needs-fix":
      return "fix available: run `clawdia doctor --fix`";
    case "declined":
      // The user ran --fix already: say why it still did not apply (no terminal, --non-interactive…).
      return `fix not applied: ${printable(change.reason ?? "declined")}`;
    default:
      return fix.safety === "manual" ? undefined : "fix available: run `clawdia doctor --fix`";
  }
}

function renderChanges(changes: ChangeReport[], home: string, c: Colors): string {
  const lines = [c.bold("Changes")];
  for (const change of changes) {
    const files = change.files.map((file) => printable(displayPath(file, home))).join(", ");
    const status = statusText(change, c);
    lines.push(`  ${printable(change.title)}: ${status}${files ? " " + c.dim(`(${files})`) : ""}`);
  }
  return lines.join("\n");
}

function statusText(change: ChangeReport, c: Colors): string {
  const labels: Record<ChangeStatus, string> = {
    applied: c.green("applied"),
    "would-apply": "would apply (dry run)",
    "needs-fix": c.yellow("needs --fix"),
    declined: c.yellow(`declined: ${printable(change.reason ?? "not confirmed")}`),
    dropped: c.red(`dropped: ${printable(change.reason ?? "not applied")}`),
    manual: "manual",
  };
  return labels[change.status];
}

function renderUnverified(unverified: string[], changesById: Map<string, ChangeReport>, c: Colors): string {
  return unverified
    .map(
      (id) =>
        `${c.yellow(SYMBOL.warning)} ${printable(changesById.get(id)?.title ?? id)}: fix applied but the finding remains`,
    )
    .join("\n");
}

function renderDiff(diff: string, c: Colors): string {
  const paint = (line: string) =>
    line.startsWith("+++") || line.startsWith("---")
      ? c.bold(line)
      : line.startsWith("+")
        ? c.green(line)
        : line.startsWith("-")
          ? c.red(line)
          : line.startsWith("@@")
            ? c.cyan(line)
            : line;
  return diff
    .replace(/\n+$/, "")
    .split("\n")
    .map((line) => paint(printableLine(line.replace(/\r$/, ""))))
    .join("\n");
}

/** One line: "2 errors, 1 warning, 3 info · 2 changes applied · 1 needs --fix", or "No problems found." */
export function summaryLine(result: DoctorResult, c: Colors = createColors(false)): string {
  const count = (severity: Severity) => result.findings.filter((f) => f.severity === severity).length;
  const [errors, warnings, info] = SEVERITIES.map(count);
  const findingParts = [
    errors && plural(errors, "error", "errors"),
    warnings && plural(warnings, "warning", "warnings"),
    info && `${info} info`,
  ].filter(Boolean);
  const byStatus = (status: ChangeStatus) => result.changes.filter((change) => change.status === status).length;
  const changeParts = [
    byStatus("applied") && plural(byStatus("applied"), "change applied", "changes applied"),
    byStatus("would-apply") && `${byStatus("would-apply")} would apply (dry run)`,
    byStatus("needs-fix") && plural(byStatus("needs-fix"), "needs --fix", "need --fix"),
    byStatus("declined") && `${byStatus("declined")} declined`,
    byStatus("dropped") && `${byStatus("dropped")} dropped`,
    result.unverified.length && `${result.unverified.length} unverified`,
  ].filter(Boolean);
  if (findingParts.length === 0 && changeParts.length === 0) return c.green("No problems found.");
  const head = findingParts.length ? findingParts.join(", ") : "No problems found";
  const colour = errors ? c.red : warnings ? c.yellow : c.green;
  return [colour(head), ...changeParts].join(" · ");
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function severityColour(severity: Severity, c: Colors) {
  return severity === "error" ? c.red : severity === "warning" ? c.yellow : c.blue;
}
