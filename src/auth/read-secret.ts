// Secrets come from stdin when it is not a terminal, else from a hidden prompt; never from argv
// (arguments show in `ps` and in shell history).
import { UserError } from "../errors.js";

export async function readSecret(message: string): Promise<string> {
  if (!process.stdin.isTTY) return stripFinalNewline(await readStdin());
  const { password, isCancel } = await import("@clack/prompts");
  const value = await password({ message, mask: "•" });
  if (isCancel(value)) throw new UserError("cancelled; nothing was written", 130);
  return value;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024)
      throw new UserError("more than 64 KiB on stdin; a token is much shorter. Nothing was written.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** `echo "$TOKEN" |` adds one line break: that one is not part of the token; anything else is. */
function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}
