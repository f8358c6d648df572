// Small tmpfs mounts for the full-disk tests: mount one (root only), leave exactly N free pages or
// free inodes on it, unmount it. A tmpfs counts every page a file's data uses (a directory, a hard
// link or an empty file uses none) and every inode (a file, a directory, a lock dir), so both run out
// for real: write() fails with ENOSPC, or stops short, exactly as on a full disk.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Free {
  pages: number;
  inodes: number;
}

export interface Tmpfs {
  /** The mount point. */
  dir: string;
  /** Bytes per page (statfs f_bsize: the unit tmpfs counts in). */
  pageSize: number;
  free(): Free;
  /** Fills the file system until exactly `pages` free pages and/or `inodes` free inodes are left. */
  fill(limit: Partial<Free>): void;
  /** Removes the filling: the file system has room again. */
  unfill(): void;
  unmount(): void;
}

const mounted = new Set<Tmpfs>();
// A test that throws, or a worker that exits early, still leaves nothing mounted (a killed one can:
// `umount /tmp/clawdia-enospc-*` then).
process.on("exit", () => unmountAll());

/** Why tmpfs mounts cannot be made here, or undefined when they can (root on Linux, mount works). */
export const TMPFS_UNAVAILABLE: string | undefined = probe();

function probe(): string | undefined {
  if (process.platform !== "linux") return `tmpfs is Linux only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root (run the tests as root, as CI does)";
  try {
    mountTmpfs({ bytes: 64 * 1024, inodes: 16 }).unmount();
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed here: ${(error as Error).message}`;
  }
}

/** Mounts a fresh tmpfs of `bytes` (rounded up to pages) and `inodes` inodes in a new temp dir. */
export function mountTmpfs({ bytes, inodes }: { bytes: number; inodes: number }): Tmpfs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-enospc-"));
  const mount = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${bytes},nr_inodes=${inodes},mode=0755`, "tmpfs", dir], {
    encoding: "utf8",
  });
  if (mount.status !== 0) {
    fs.rmdirSync(dir);
    throw new Error((mount.stderr || mount.error?.message || `exit ${mount.status}`).trim());
  }
  const fillPages = path.join(dir, ".fill-pages");
  const fillInodes = path.join(dir, ".fill-inodes");
  const stat = () => fs.statfsSync(dir);
  const tmpfs: Tmpfs = {
    dir,
    pageSize: stat().bsize,
    free: () => {
      const s = stat();
      return { pages: Number(s.bfree), inodes: Number(s.ffree) };
    },
    fill(limit) {
      // The inode filling first: its directory is an inode too (no page), counted before the pages.
      if (limit.inodes !== undefined) {
        fs.mkdirSync(fillInodes, { recursive: true });
        const surplus = tmpfs.free().inodes - limit.inodes;
        if (surplus < 0) throw new Error(`only ${tmpfs.free().inodes} free inodes, cannot leave ${limit.inodes}`);
        const base = fs.readdirSync(fillInodes).length;
        for (let i = 0; i < surplus; i++) fs.closeSync(fs.openSync(path.join(fillInodes, String(base + i)), "wx"));
      }
      if (limit.pages !== undefined) {
        const surplus = tmpfs.free().pages - limit.pages;
        if (surplus < 0) throw new Error(`only ${tmpfs.free().pages} free pages, cannot leave ${limit.pages}`);
        const fd = fs.openSync(fillPages, fs.existsSync(fillPages) ? "a" : "wx");
        try {
          const chunk = Buffer.alloc(tmpfs.pageSize * 64, 0x2e);
          for (let left = surplus; left > 0; left -= 64) {
            const bytes = Math.min(left, 64) * tmpfs.pageSize;
            if (fs.writeSync(fd, chunk, 0, bytes) !== bytes) throw new Error("the page filling was cut short");
          }
        } finally {
          fs.closeSync(fd);
        }
      }
      const now = tmpfs.free();
      if (
        (limit.pages !== undefined && now.pages !== limit.pages) ||
        (limit.inodes !== undefined && now.inodes !== limit.inodes)
      ) {
        throw new Error(
          `filled to ${now.pages} free pages and ${now.inodes} free inodes, wanted ${JSON.stringify(limit)}`,
        );
      }
    },
    unfill() {
      fs.rmSync(fillPages, { force: true });
      fs.rmSync(fillInodes, { recursive: true, force: true });
    },
    unmount() {
      if (!mounted.delete(tmpfs)) return;
      let done = spawnSync("umount", [dir]);
      if (done.status !== 0) done = spawnSync("umount", ["-l", dir]); // a child still in there: detach it
      if (done.status === 0) fs.rmdirSync(dir);
    },
  };
  mounted.add(tmpfs);
  return tmpfs;
}

/** Unmounts whatever a failed test left mounted (for afterAll). */
export function unmountAll(): void {
  for (const tmpfs of [...mounted]) tmpfs.unmount();
}
