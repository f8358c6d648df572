// `clawdia models status` for people: the default agent in detail, other agents in a line each.
import { clockTime } from "../auth/cooldown.js";
import { describeExpiry, formatDuration } from "../auth/status.js";
import { renewalAdvice, missingCredentialAdvice } from "../auth/advice.js";
import { displayPath } from "../paths.js";
// Ids, models, paths and messages come from the user's files: each is escaped where it is put in a line.
import { printable as p } from "../report/printable.js";
import type { AgentStatus, ModelsStatus, ProviderStatus } from "./status.js";
import { describeSight } from "../daemon/status.js";
// `models status` shows what the launchd agent gives the daemon: load the plist parser first (macOS with
// an agent installed only). Here, not in status.ts, which the library imports statically.

const ORDER_SOURCE_WORDS: Record<string, string> = {
  "session-pin": "session pin",
  "agent-order": "this agent's order (models auth order set)",
  "config-order": "config auth.order",
  "configured-profiles": "configured profiles",
  "stored-profiles": "stored profiles",
};

export interface RenderOptions {
  home: string;
  now: number;
  /** Lines about what the sync pass did, shown first. */
  notes: string[];
  /** Show every agent in detail (one agent asked for, or only one). */
  detailAll: boolean;
}

export function renderStatus(status: ModelsStatus, options: RenderOptions): string {
  const lines = options.notes.map(p);
  lines.push(`Config:        ${p(displayPath(status.configPath, options.home))}`);
  lines.push(`Default model: ${p(status.defaultModel)}`);
  const warnIgnored = status.configProblems.some((problem) => problem.path.join(".") === "auth.expiryWarnHours");
  lines.push(
    `Expiry warn:   ${status.expiryWarnHours}h${warnIgnored ? " (the default: the configured auth.expiryWarnHours is ignored)" : ""}`,
  );
  if (status.daemon) lines.push(`Daemon:        ${daemonLine(status, options.home)}`);
  lines.push(
    `Verdict for:   ${p(status.verdict.description)}${status.verdict.viewpoint === "daemon" ? " (--shell: this shell's)" : ""}`,
  );
  if (status.configProblems.length) {
    lines.push("", "Ignored in the config (the gateway uses its defaults instead; see clawdia doctor):");
    for (const problem of status.configProblems) lines.push(`  ${p(problem.message)}`);
  }
  const detailed = options.detailAll ? status.agents : status.agents.filter((agent) => agent.isDefault).slice(0, 1);
  for (const agent of detailed.length ? detailed : status.agents.slice(0, 1))
    lines.push("", ...renderAgent(agent, options, status));
  const others = status.agents.filter((agent) => !detailed.includes(agent));
  if (others.length) {
    lines.push("", `Other agents (${others.length}; --agent ID for details):`);
    for (const agent of others) lines.push(`  ${p(agent.agentId)}: ${agentSummary(agent)}`);
  }
  lines.push("", summaryLine(status));
  return lines.join("\n");
}

function renderAgent(agent: AgentStatus, options: RenderOptions, status: ModelsStatus): string[] {
  const lines = [`Agent: ${p(agent.agentId)}${agent.isDefault ? " (default)" : ""}`];
  if (agent.providers.length === 0) lines.push("  no provider in use and no stored profile");
  for (const provider of agent.providers) {
    const rendered = renderProvider(provider, options);
    // The daemon's view goes right under what this shell sees.
    if (provider.daemon)
      rendered.splice(
        2,
        0,
        `    daemon: ${p(describeSight(provider.daemon, provider.envKey, displayPath(status.stateDir + "/.env", options.home), status.daemon?.restartCommand))}`,
      );
    // The verdict is the daemon's: say so where this shell would be judged otherwise.
    if (provider.shell)
      rendered.splice(
        2,
        0,
        `    this shell: ${viewWords(provider.shell.health, provider.shell.effective)} · the gateway daemon: ${viewWords(provider.health, provider.effective)}`,
      );
    lines.push(...rendered);
  }
  return lines;
}

function viewWords(health: ProviderStatus["health"], effective: ProviderStatus["effective"]): string {
  if (!effective) return health === "ok" ? "ok" : `${health}, no credential`;
  return `${health} (${p(effective.label)}  ${p(effective.fingerprint)})`;
}

function daemonLine(status: ModelsStatus, home: string): string {
  const daemon = status.daemon!;
  const file = daemon.file ? p(displayPath(daemon.file, home)) : undefined;
  if (!daemon.installed) return file ? `none installed (no ${file})` : "none known on this platform";
  return daemon.kind === "launchd"
    ? `launchd agent ${file}`
    : `systemd unit ${file}${daemon.systemdVersion !== undefined ? ` (systemd ${daemon.systemdVersion})` : ""}`;
}

function renderProvider(provider: ProviderStatus, { now }: RenderOptions): string[] {
  const mark = { ok: "✓", expiring: "⚠", "cooling-down": "⚠", expired: "✖", missing: "✖", broken: "✖" }[
    provider.health
  ];
  const inUse = provider.inUseBy.length ? `in use: ${p(provider.inUseBy.join("; "))}` : "not in use";
  const lines = [`  ${mark} ${p(provider.provider)} (${inUse})`];
  const effective = provider.effective;
  lines.push(`    credential: ${effective ? `${p(effective.label)}  ${p(effective.fingerprint)}` : "none"}`);
  const width = Math.max(0, ...provider.profiles.map((profile) => p(profile.id).length));
  for (const profile of provider.profiles) {
    const expiry =
      profile.status === "invalid"
        ? "expiry is not a finite number (clawdia doctor)"
        : profile.refreshable
          ? "refreshable"
          : profile.expires !== undefined
            ? describeExpiry(profile.expires, now)
            : "no expiry";
    // When it comes back, on the clock the user reads: "wait until 14:05" needs no arithmetic.
    const cooldown = profile.comesBackAt
      ? `  cooling down until ${clockTime(profile.cooldownUntil!, now)} (in ${formatDuration(profile.cooldownUntil! - now)})`
      : "";
    const errors = profile.errorCount ? `  ${profile.errorCount} error(s)` : "";
    lines.push(
      `    ${p(profile.id).padEnd(width)}  ${p(profile.type).padEnd(7)}  ${p(profile.fingerprint ?? "(empty)").padEnd(20)}  ${p(profile.status).padEnd(8)}  ${expiry}${cooldown}${errors}`,
    );
  }
  const resolution = provider.resolution;
  if (resolution.order.length) {
    lines.push(
      `    candidates: ${resolution.candidates.map((c) => p(c.profileId)).join(" → ") || "none"}  (order from ${ORDER_SOURCE_WORDS[resolution.orderSource]})`,
    );
    lines.push(
      `    next: ${resolution.next !== undefined ? p(resolution.next) : `none${effective ? `, falls back to ${p(effective.label)}` : ""}`}`,
    );
    for (const excluded of resolution.excluded)
      lines.push(`    left out: ${p(excluded.profileId)} (${p(excluded.reason)})`);
  }
  if (provider.problem) {
    lines.push(`    ${p(provider.problem)}`);
    for (const command of adviceFor(provider)) lines.push(`      → ${p(command)}`);
  }
  return lines;
}

function adviceFor(provider: ProviderStatus): string[] {
  if (provider.health === "missing") return missingCredentialAdvice(provider.provider);
  if (provider.health === "broken") return ["clawdia doctor   # says what is wrong in each file, with its position"];
  if (provider.health === "cooling-down") {
    return [
      "wait: the gateway tries it again by itself (clawdia doctor says what the provider answered)",
      `clawdia models auth cooldown clear --provider ${provider.provider}   # once the cause is fixed`,
    ];
  }
  const stale = provider.profiles.filter(
    (profile) => profile.status === (provider.health === "expired" ? "expired" : "expiring"),
  );
  return stale.flatMap((profile) => renewalAdvice({ id: profile.id, provider: provider.provider }));
}

function agentSummary(agent: AgentStatus): string {
  const problems = agent.providers
    .filter((provider) => provider.health !== "ok")
    .map((provider) => `${p(provider.provider)} ${provider.health}`);
  return problems.length ? problems.join(", ") : "ok";
}

function summaryLine(status: ModelsStatus): string {
  if (!status.stateReadable)
    return "The state cannot be read, so no credential in use can be vouched for (--check exits 1).";
  const cooling = status.agents.some((agent) => agent.providers.some((provider) => provider.health === "cooling-down"));
  const two = cooling
    ? "Every credential of a provider in use is cooling down after errors; it recovers by itself (--check exits 2)."
    : "A credential in use expires soon (--check exits 2).";
  const words = {
    0: "All credentials in use are ok.",
    1: "A credential in use is expired or missing (--check exits 1).",
    2: two,
  };
  return `${words[status.exitCode]}${status.verdict.viewpoint === "daemon" ? " (As the gateway daemon sees them.)" : ""}`;
}
