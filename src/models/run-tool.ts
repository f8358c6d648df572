// Runs a scheduler's tool (systemctl, launchctl, crontab) and never throws: a missing tool or a
// failing one is reported to the user as what to run by hand, not a crash.
import { spawnSync } from "node:child_process";
import { findOnPath } from "../find-on-path.js";
import { describeError } from "../snapshot/raw-file.js";

export interface ToolResult {
  /** False when the tool is not on PATH: show the command instead. */
  ran: boolean;
  ok: boolean;
  /** The exit code when it ran to the end. */
  status?: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, trimmed, for a message. */
  output: string;
}

export function runTool(program: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): ToolResult {
  const env = options.env ?? process.env;
  const file = findOnPath(program, env.PATH);
  if (!file) return { ran: false, ok: false, stdout: "", stderr: "", output: `${program} is not on PATH` };
  try {
    const result = spawnSync(file, args, { env, encoding: "utf8", timeout: 10_000, input: options.input ?? "", stdio: ["pipe", "pipe", "pipe"] });
    const stdout = result.stdout ?? "";
    const stderr = result.stderr ?? "";
    if (result.error) {
      const timedOut = (result.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
      return { ran: true, ok: false, stdout, stderr, output: timedOut ? `${program} ${args.join(" ")} did not finish within 10 s` : describeError(result.error) };
    }
    return { ran: true, ok: result.status === 0, status: result.status ?? undefined, stdout, stderr, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    return { ran: true, ok: false, stdout: "", stderr: "", output: describeError(error) };
  }
}
