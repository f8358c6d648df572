// Everything the CLI prints goes through here, so every byte passes the secret masker.
import { maskSecrets } from "../secrets.js";

let knownSecrets: readonly string[] = [];

/** Registers the secrets of the loaded state; later output masks them. */
export function rememberSecrets(secrets: readonly string[]): void {
  knownSecrets = [...new Set([...knownSecrets, ...secrets])];
}

export function printOut(text: string): void {
  process.stdout.write(maskSecrets(text.endsWith("\n") ? text : text + "\n", knownSecrets));
}

export function printErr(text: string): void {
  process.stderr.write(maskSecrets(text.endsWith("\n") ? text : text + "\n", knownSecrets));
}
