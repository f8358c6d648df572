// Which scheduler the auth monitor goes to: `--scheduler`, else launchd on macOS, cron on Termux and
// wherever no systemd user manager answers, else a systemd user timer.
import { UsageError } from "../errors.js";
import { runSystemctl } from "./monitor.js";

const SCHEDULERS = ["systemd", "launchd", "cron"] as const;
export type Scheduler = (typeof SCHEDULERS)[number];

export interface SchedulerChoice {
  scheduler: Scheduler;
  /** Why auto-detection chose cron on a Linux without a user manager (a note for the user), if it did. */
  fallback?: string;
}

export function isTermux(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.TERMUX_VERSION) || (env.PREFIX ?? "").includes("com.termux");
}

export function chooseScheduler(
  flag: string | undefined,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = process.env,
): SchedulerChoice {
  if (flag !== undefined) {
    if (!(SCHEDULERS as readonly string[]).includes(flag))
      throw new UsageError(`--scheduler must be one of ${SCHEDULERS.join(", ")} (got "${flag}")`);
    return { scheduler: flag as Scheduler };
  }
  if (platform === "darwin") return { scheduler: "launchd" };
  if (isTermux(env)) return { scheduler: "cron" };
  // Any call that needs the manager tells whether one answers on the user bus: over ssh without
  // lingering, in containers and under WSL without systemd it fails ("Failed to connect to bus").
  const probe = runSystemctl(["show", "--property=Version"], env);
  if (probe.ok) return { scheduler: "systemd" };
  const why = probe.ran
    ? `systemctl --user does not reach a user manager (${firstLine(probe.output) || "no output"})`
    : "systemctl is not on PATH";
  return {
    scheduler: "cron",
    fallback: `${why}, so the monitor goes to cron; pass --scheduler systemd to write the systemd units anyway`,
  };
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}
