// system.json: what the bundle was made on. No hostname and no user name, by construction: only
// fields that cannot hold them are read.
import os from "node:os";
import { currentPlatform } from "../../seams.js";
import { VERSION } from "../../version.js";

export interface SystemInfo {
  os: string;
  platform: NodeJS.Platform;
  release: string;
  arch: string;
  node: string;
  clawdia: string;
  cpus: number;
  memoryGiB: number;
  timeZone: string;
  /** The login shell's name ("bash", "zsh"), not its path. */
  shell?: string;
}

export function systemInfo(env: NodeJS.ProcessEnv): SystemInfo {
  const shell = env.SHELL?.split("/").pop();
  return {
    os: os.type(),
    platform: currentPlatform(),
    release: os.release(),
    arch: process.arch,
    node: process.version,
    clawdia: VERSION,
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(shell ? { shell } : {}),
  };
}
