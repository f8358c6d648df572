// How `models auth monitor` reports, for every scheduler: what was done on stdout, a step that
// failed on stderr, and exit 1 then (the files are written and undoable, but the monitor does not
// run as the command said it would).
import { runTool } from "../run-tool.js";
import { printErr, printOut } from "../output.js";

export interface StepLine {
  text: string;
  failed?: boolean;
}

export interface ToolStep {
  args: string[];
  /** The command as the user would type it. */
  text: string;
}

/** Runs one step of `program`; where it is missing or fails, says what to run by hand. */
export function runStep(program: string, step: ToolStep): StepLine {
  const result = runTool(program, step.args);
  if (!result.ran) return { text: `Run: ${step.text}` };
  return result.ok
    ? { text: `Ran: ${step.text}` }
    : { text: `Failed: ${step.text}: ${result.output || `exit ${result.status}`}; run it yourself`, failed: true };
}

export function report(lines: Array<string | StepLine>): number {
  const steps = lines.map((line) => (typeof line === "string" ? { text: line } : line));
  printOut(
    steps
      .filter((step) => !step.failed)
      .map((step) => step.text)
      .join("\n"),
  );
  const failed = steps.filter((step) => step.failed);
  for (const step of failed) printErr(`clawdia: ${step.text}`);
  return failed.length > 0 ? 1 : 0;
}
