import { createHash } from "node:crypto";

/** sha256 of a file's content, or null when the file does not exist. */
export function sha256(text: string | undefined): string | null {
  return text === undefined ? null : createHash("sha256").update(text).digest("hex");
}
