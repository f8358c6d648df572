// Runs Claude Code's `claude setup-token` on this terminal and keeps what it printed. The real command
// needs a terminal (Ink, raw mode), opens a browser login, may ask for a code, then prints a token
// valid for a year and saves it nowhere. To read that token without taking the terminal away from the
// user, `script` (util-linux, or BSD on macOS) puts a pseudo-terminal between the two: the user's keys
// go through to `claude`, its screen comes back through us. Without `script`, `claude` gets this terminal
// itself and the caller asks for the token.
import { spawn, spawnSync } from "node:child_process";
import { findPrintedToken } from "./printed-token.js";
import { findOnPath } from "../find-on-path.js";
import { UserError } from "../errors.js";
import { currentPlatform } from "../seams.js";

export interface SetupTokenRun {
  /** The token the output showed, when exactly one could be read from it. */
  printed?: string;
}

/** More than `claude setup-token` ever prints; beyond it only the tail is kept. */
const KEEP_BYTES = 1024 * 1024;

export async function runClaudeSetupToken(env: NodeJS.ProcessEnv = process.env): Promise<SetupTokenRun> {
  const claude = findOnPath("claude", env.PATH);
  if (!claude) {
    throw new UserError(
      "the `claude` command (Claude Code CLI) was not found on PATH. Install Claude Code (npm install -g @anthropic-ai/claude-code) and rerun, or paste a token: clawdia models auth paste-token --provider anthropic",
    );
  }
  const script = findOnPath("script", env.PATH);
  if (script) {
    const captured = await runThroughPty(script, claude);
    if (captured) {
      checkStatus(captured.status);
      return { printed: findPrintedToken(captured.output) };
    }
    // `script` could not start a pseudo-terminal (it printed nothing at all): run `claude` directly.
  }
  const result = spawnSync(claude, ["setup-token"], { stdio: "inherit" });
  if (result.error) throw new UserError(`could not run \`claude setup-token\`: ${result.error.message}`);
  checkStatus(result.status === null ? `signal ${result.signal}` : result.status);
  return {};
}

function checkStatus(status: number | string): void {
  if (status !== 0) throw new UserError(`\`claude setup-token\` failed (exit ${status}); nothing was written`);
}

/** The command line that runs `claude setup-token` under `script`, which differs between util-linux and BSD. */
function scriptArgs(claude: string): string[] {
  const platform = currentPlatform();
  if (platform === "darwin" || platform === "freebsd" || platform === "openbsd")
    return ["-q", "/dev/null", claude, "setup-token"];
  // util-linux: -e returns the command's exit status; -c goes through $SHELL, hence the quoting.
  return ["-q", "-e", "-c", `${shellQuote(claude)} setup-token`, "/dev/null"];
}

/** undefined when `script` itself failed before `claude` showed anything. */
function runThroughPty(
  script: string,
  claude: string,
): Promise<{ status: number | string; output: string } | undefined> {
  return new Promise((resolve, reject) => {
    // Our own reading of the terminal (a prompt before this one) must not take keys meant for `claude`.
    if (process.stdin.isTTY) process.stdin.pause();
    const child = spawn(script, scriptArgs(claude), { stdio: ["inherit", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let kept = 0;
    let shown = false;
    child.stdout.on("data", (chunk: Buffer) => {
      shown = true;
      process.stdout.write(chunk);
      chunks.push(chunk);
      kept += chunk.length;
      while (kept - chunks[0].length > KEEP_BYTES) kept -= chunks.shift()!.length;
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    // The terminal is in raw mode, so Ctrl-C reaches `claude`, not us; a signal sent to us goes on to it.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const signal of signals) process.on(signal, forward);
    child.on("error", (error) => {
      for (const signal of signals) process.off(signal, forward);
      reject(new UserError(`could not run \`claude setup-token\` through \`script\`: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      for (const signal of signals) process.off(signal, forward);
      const status = code ?? `signal ${signal}`;
      if (!shown && status !== 0) {
        resolve(undefined);
        return;
      }
      if (errors.trim()) process.stderr.write(errors);
      resolve({ status, output: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
