// What `clawdia doctor` does with its flags: list or explain rules, undo, or run and report.
import type { Rule } from "../rule.js";
import { rules as allRules } from "../../rules/index.js";
import { runDoctor } from "../engine/doctor.js";
import { renderRunHistory } from "./history-list.js";
import { displayPath, resolvePaths } from "../paths.js";
import { colorEnabled, renderTextPieces } from "../report/text.js";
import { toJsonReport } from "../report/json.js";
import { toSarif } from "../report/sarif.js";
import { makeLocator } from "../report/locate.js";
import { providerKeysOf } from "../report/sarif-places.js";
import { jsonPieces } from "../report/json-pieces.js";
import { VERSION } from "../version.js";
import type { Change } from "../types.js";
import type { DoctorFlags } from "./commands/doctor.js";
import { UsageError, UserError } from "../errors.js";
import { printOut, printOutPieces, rememberSecrets } from "../output.js";
import { renderRuleList, renderExplanation } from "./rule-docs.js";
import { ENGINE_FINDINGS } from "../engine/engine-findings.js";

export async function doctorAction(flags: DoctorFlags, stateDir: string | undefined): Promise<number> {
  const only = flags.only ?? [];
  const skip = flags.skip ?? [];
  const ruleById = new Map(allRules.map((rule) => [rule.id, rule]));
  for (const id of [...only, ...skip]) {
    if (!ruleById.has(id)) throw new UsageError(`unknown rule "${id}"; \`clawdia doctor --list-rules\` lists them`);
  }
  if (flags.listRules) return (printOut(renderRuleList(allRules, !!flags.json)), 0);
  if (flags.explain) {
    // The engine's own findings are explained too (they are not rules: --only cannot select them).
    const documented = ruleById.get(flags.explain) ?? ENGINE_FINDINGS.find((finding) => finding.id === flags.explain);
    if (!documented)
      throw new UsageError(`unknown rule "${flags.explain}"; \`clawdia doctor --list-rules\` lists them`);
    return (printOut(renderExplanation(documented)), 0);
  }
  if (flags.undo !== undefined && flags.history) throw new UsageError("--undo and --history cannot be used together");
  if (flags.undo !== undefined) return undo(stateDir, typeof flags.undo === "string" ? flags.undo : undefined);
  if (flags.history) return (printOut(renderRunHistory(resolvePaths({ stateDir }), !!flags.json)), 0);
  if (flags.yes && !flags.fix) throw new UsageError("--yes only means something with --fix");

  const selected = allRules.filter((rule) => (only.length === 0 || only.includes(rule.id)) && !skip.includes(rule.id));
  const structured = flags.json || flags.sarif;
  const interactive = !structured && !flags.nonInteractive && !!process.stdin.isTTY && !!process.stdout.isTTY;
  const run = await runDoctor({
    stateDir,
    fix: flags.fix,
    yes: flags.yes,
    nonInteractive: flags.nonInteractive,
    dryRun: flags.dryRun,
    agent: flags.agent,
    rules: selected,
    confirm: interactive ? confirmUnsafe : undefined,
    command: ["doctor", ...process.argv.slice(3)].join(" "),
  });
  rememberSecrets(run.secrets);
  const texts = new Map<string, string>();
  for (const file of [run.snapshot.config.file, ...run.snapshot.agents.map((a) => a.store.file)]) {
    if (file.text !== undefined) texts.set(file.path, file.text);
  }
  const locate = makeLocator(
    texts,
    run.result.findings.map((finding) => finding.subject),
  );
  // In pieces, a finding (or a few) at a time: on 10,000 agents the report is megabytes, and printing it
  // whole would hold it twice more (the text and its masked copy) at the run's peak.
  if (flags.json) printOutPieces(jsonPieces(toJsonReport(run.result, { version: VERSION, locate }), JSON_REPORT_DEPTH));
  else if (flags.sarif)
    printOutPieces(
      jsonPieces(
        toSarif(run.result, selected as Rule[], { version: VERSION, locate, places: sarifPlaces(run) }),
        SARIF_RESULTS_DEPTH,
      ),
    );
  else
    printOutPieces(
      renderTextPieces(run.result, { color: colorEnabled(process.stdout, process.env), home: run.paths.home, locate }),
    );
  return run.result.exitCode;
}

/** Where SARIF shows the findings that name no file: the daemon's unit or plist, the config key of a provider. */
function sarifPlaces({ paths, snapshot }: Awaited<ReturnType<typeof runDoctor>>) {
  const daemon = snapshot.daemon;
  return {
    stateDir: paths.stateDir,
    home: paths.home,
    configPath: paths.configPath,
    daemonFile: daemon?.kind ? daemon.file.path : undefined,
    providerKeys: providerKeysOf(snapshot.config.value),
  };
}

/** The depth of the long arrays, opened a member at a time: the report's findings, SARIF's runs[].results. */
const JSON_REPORT_DEPTH = 2;
const SARIF_RESULTS_DEPTH = 4;

async function undo(stateDir: string | undefined, runId: string | undefined): Promise<number> {
  const paths = resolvePaths({ stateDir });
  const { undoLastRun } = await import("../engine/undo.js");
  const result = await undoLastRun(paths, process.env, runId);
  if (result.status === "nothing-to-undo")
    return (printOut("Nothing to undo: no run of clawdia doctor has written anything here."), 0);
  if (result.status === "refused")
    throw new UserError(`cannot undo run ${result.undoes || runId}: ${result.reason}. Nothing was restored.`);
  if (result.files.length === 0 && result.finishes)
    return (
      printOut(
        `The interrupted undo ${result.finishes} had already put back every file of run ${result.undoes}; it is recorded as finished.`,
      ),
      0
    );
  if (result.files.length === 0)
    return (printOut(`Run ${result.undoes} had not changed any file yet; it is marked undone.`), 0);
  if (result.finishes) printOut(`Finishing the interrupted undo ${result.finishes}.`);
  const files = result.files.map((file) => `  ${displayPath(file, paths.home)}`).join("\n");
  printOut(
    `Restored the files of run ${result.undoes}:\n${files}\nThis undo is run ${result.runId}: \`clawdia doctor --undo ${result.runId}\` takes it back.`,
  );
  return 0;
}

async function confirmUnsafe(changes: Change[]): Promise<boolean> {
  const { confirm, isCancel } = await import("@clack/prompts");
  const list = changes.map((change) => `  • ${change.title}`).join("\n");
  const answer = await confirm({ message: `Apply ${changes.length} unsafe repair(s)?\n${list}`, initialValue: false });
  return !isCancel(answer) && answer === true;
}
