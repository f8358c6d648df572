// Runs an outside tool (systemctl, launchctl, crontab) and never throws: a missing tool or a failing
// one is an outcome the caller words for the user (a command to run by hand, an unknown version),
// not a crash.
import { spawnSync } from "node:child_process";
import { findOnPath } from "./find-on-path.js";
import { describeError } from "./snapshot/raw-file.js";

export interface ToolResult {
  /** False when the tool is not on PATH: show the command instead. */
  ran: boolean;
  ok: boolean;
  /** The exit code when it ran to the end. */
  status?: number;
  /** The signal that ended it, when one did (our timeout's among them). */
  signal?: NodeJS.Signals;
  /** True when it was stopped for taking longer than the timeout. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** stdout and stderr, trimmed, for a message. */
  output: string;
}

export interface ToolOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** How long it may take (default 10 s); then it gets `killSignal` (default SIGTERM). */
  timeoutMs?: number;
  killSignal?: NodeJS.Signals;
  /** The most either stream may hold (default: Node's 1 MiB); past it the tool is stopped. */
  maxBuffer?: number;
}

export function runTool(program: string, args: string[], options: ToolOptions = {}): ToolResult {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const file = findOnPath(program, env.PATH);
  if (!file)
    return { ran: false, ok: false, timedOut: false, stdout: "", stderr: "", output: `${program} is not on PATH` };
  try {
    const result = spawnSync(file, args, {
      env,
      encoding: "utf8",
      timeout: timeoutMs,
      killSignal: options.killSignal,
      maxBuffer: options.maxBuffer,
      input: options.input ?? "",
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout = result.stdout ?? "";
    const stderr = result.stderr ?? "";
    const signal = result.signal ?? undefined;
    if (result.error) {
      const timedOut = (result.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
      const output = timedOut
        ? `${program} ${args.join(" ")} did not finish within ${timeoutMs / 1000} s`
        : describeError(result.error);
      return { ran: true, ok: false, signal, timedOut, stdout, stderr, output };
    }
    return {
      ran: true,
      ok: result.status === 0,
      status: result.status ?? undefined,
      signal,
      timedOut: false,
      stdout,
      stderr,
      output: `${stdout}${stderr}`.trim(),
    };
  } catch (error) {
    return { ran: true, ok: false, timedOut: false, stdout: "", stderr: "", output: describeError(error) };
  }
}
