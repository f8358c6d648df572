// Where the shell would find a command: the first executable file of that name in PATH's directories.
import fs from "node:fs";
import path from "node:path";

export function findOnPath(command: string, searchPath = ""): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      }
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}
