// env.shellEnv: the gateway imports missing keys from the user's login shell. Doctor runs that shell
// the same way (`$SHELL -l -c 'env -0'`, plain `env` where -0 is missing), bounded by env.shellEnv.timeoutMs, and only when enabled.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";

export const DEFAULT_SHELL_ENV_TIMEOUT_MS = 15_000;

export type ShellEnvOutcome =
  | { status: "ok"; shell: string; timeoutMs: number; durationMs: number; vars: Record<string, string> }
  | { status: "timeout"; shell: string; timeoutMs: number; durationMs: number }
  | { status: "failed"; shell: string; timeoutMs: number; durationMs: number; reason: string };

/** The variables the gateway would take from the shell: provider keys and Clawdia's own. */
export function mattersForDaemon(name: string): boolean {
  return /^[A-Z0-9_]+_API_KEY$/.test(name) || name.startsWith("CLAWDIA_");
}

const outcomes = new Map<string, ShellEnvOutcome>();

/** Runs the login shell once per process for a given shell, home and bound (doctor reads the state twice). */
export function runLoginShell(env: NodeJS.ProcessEnv, timeoutMs: number): ShellEnvOutcome {
  const shell = env.SHELL || safeUserShell() || "/bin/sh";
  const memo = JSON.stringify([shell, env.HOME, timeoutMs]);
  let outcome = outcomes.get(memo);
  if (!outcome) outcomes.set(memo, (outcome = spawnLoginShell(shell, env, timeoutMs)));
  return outcome;
}

function spawnLoginShell(shell: string, env: NodeJS.ProcessEnv, timeoutMs: number): ShellEnvOutcome {
  const started = performance.now();
  const result = spawnSync(shell, ["-l", "-c", "env -0 2>/dev/null || env"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 8 * 1024 * 1024,
  });
  const durationMs = Math.round(performance.now() - started);
  const base = { shell, timeoutMs, durationMs };
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ETIMEDOUT") return { status: "timeout", ...base };
  if (result.error)
    return { status: "failed", ...base, reason: code === "ENOENT" ? `${shell} does not exist` : result.error.message };
  if (result.status !== 0) {
    const firstLine =
      String(result.stderr ?? "")
        .split("\n")
        .find((line) => line.trim()) ?? "";
    const how = result.signal ? `was killed by ${result.signal}` : `exited with status ${result.status}`;
    return { status: "failed", ...base, reason: firstLine ? `${how}: ${firstLine.trim().slice(0, 200)}` : how };
  }
  const vars: Record<string, string> = {};
  const out = String(result.stdout);
  for (const entry of out.split(out.includes("\0") ? "\0" : "\n")) {
    const equals = entry.indexOf("=");
    if (equals > 0 && mattersForDaemon(entry.slice(0, equals))) vars[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return { status: "ok", ...base, vars };
}

function safeUserShell(): string | undefined {
  try {
    return os.userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}
