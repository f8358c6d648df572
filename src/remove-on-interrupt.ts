// Temporary files a command makes (a bundle's spool, its partial archive) are removed on Ctrl-C, a
// SIGTERM or a SIGHUP too: Node's default exits at once, without running a single `finally`.
//
// A signal handler is JavaScript: it runs only when the thread that installed it is free. The CLI
// therefore makes the bundle in a worker thread (cli/support-bundle-action.ts) and keeps the main
// thread idle; the worker reports each temporary file here over a MessagePort before it makes it,
// and on a signal the main thread stops the worker (even in the middle of one long redaction),
// removes what the worker reported and exits. Without a worker (the library), the handlers are
// installed in the calling thread, as before.
import fs from "node:fs";
import { receiveMessageOnPort, type MessagePort, type Worker } from "node:worker_threads";

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const SIGNALS = Object.keys(EXIT_CODES) as NodeJS.Signals[];
const INTERRUPTED = (signal: NodeJS.Signals) => `\ninterrupted (${signal}); temporary files removed, nothing written\n`;

interface FileMessage {
  add?: string;
  remove?: string;
}

const pending = new Set<string>();
/** In a worker that reports to the main thread: where its temporary files are reported. */
let reportTo: MessagePort | undefined;

function removeAllAndExit(signal: NodeJS.Signals): void {
  for (const file of pending) fs.rmSync(file, { recursive: true, force: true });
  process.stderr.write(INTERRUPTED(signal));
  process.exit(EXIT_CODES[signal] ?? 1);
}

/**
 * Removes `file` (a file or a directory) if the process is interrupted before `done` is called.
 * Call it before the file is made: an interrupt between the two finds nothing to remove, which is fine.
 */
export function removeOnInterrupt(file: string): { done(): void } {
  if (reportTo) {
    const port = reportTo;
    port.postMessage({ add: file } satisfies FileMessage);
    return { done: () => port.postMessage({ remove: file } satisfies FileMessage) };
  }
  if (pending.size === 0) for (const signal of SIGNALS) process.on(signal, removeAllAndExit);
  pending.add(file);
  return {
    done() {
      pending.delete(file);
      if (pending.size === 0) for (const signal of SIGNALS) process.off(signal, removeAllAndExit);
    },
  };
}

/** In the worker: report temporary files to the main thread, which removes them on a signal. */
export function reportTemporaryFilesTo(port: MessagePort): void {
  reportTo = port;
}

/**
 * In the main thread: on SIGINT, SIGTERM or SIGHUP, stop `worker`, remove every temporary file it
 * reported on `port` and not removed itself, and exit 130, 143 or 129. `done` puts the signals back.
 */
export function stopWorkerOnInterrupt(worker: Worker, port: MessagePort): { done(): void } {
  const files = new Set<string>();
  const take = (message: FileMessage) => {
    if (message.add) files.add(message.add);
    if (message.remove) files.delete(message.remove);
  };
  port.on("message", take);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // terminate() ends the worker's JavaScript wherever it is; what it reported last is still queued.
    void worker.terminate().finally(() => {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port))
        take(message.message as FileMessage);
      for (const file of files) fs.rmSync(file, { recursive: true, force: true });
      process.stderr.write(INTERRUPTED(signal));
      process.exit(EXIT_CODES[signal] ?? 1);
    });
  };
  for (const signal of SIGNALS) process.on(signal, stop);
  return {
    done() {
      for (const signal of SIGNALS) process.off(signal, stop);
      port.off("message", take);
    },
  };
}
