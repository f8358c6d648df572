// proper-lockfile's own module under its promise and sync wrappers (index.js calls it the same way).
declare module "proper-lockfile/lib/lockfile.js" {
  import type { LockOptions } from "proper-lockfile";
  type Done = (error: NodeJS.ErrnoException | null) => void;
  export function lock(
    file: string,
    options: LockOptions,
    callback: (error: NodeJS.ErrnoException | null, release?: (done?: Done) => void) => void,
  ): void;
}
