// Temporary files a command makes (a bundle's staging dir, its partial archive) are removed on
// Ctrl-C or a SIGTERM too: Node's default exits at once, without running a single `finally`.
import fs from "node:fs";

const pending = new Set<string>();
const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const SIGNALS = Object.keys(EXIT_CODES) as NodeJS.Signals[];

function removeAllAndExit(signal: NodeJS.Signals): void {
  for (const file of pending) fs.rmSync(file, { recursive: true, force: true });
  process.stderr.write(`\ninterrupted (${signal}); temporary files removed, nothing written\n`);
  process.exit(EXIT_CODES[signal] ?? 1);
}

/** Removes `file` (a file or a directory) if the process is interrupted before `done` is called. */
export function removeOnInterrupt(file: string): { done(): void } {
  if (pending.size === 0) for (const signal of SIGNALS) process.on(signal, removeAllAndExit);
  pending.add(file);
  return {
    done() {
      pending.delete(file);
      if (pending.size === 0) for (const signal of SIGNALS) process.off(signal, removeAllAndExit);
    },
  };
}
