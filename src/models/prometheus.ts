// `clawdia models status --format prometheus`: the status as gauges in the Prometheus text exposition
// format, for node_exporter's textfile collector (write it to a temp file, then rename it into the
// collector's directory, so a scrape never sees half a file). Labels carry ids, types and states
// only: never a credential, never a fingerprint.
import type { CredentialStatus } from "../auth/status.js";
import { printable } from "../report/printable.js";
import { VERSION } from "../version.js";
import type { ModelsStatus, ProviderHealth } from "./status.js";

/**
 * Every value of the two state metrics: each gets its own series, 1 for the current one and 0 for
 * the others (the exposition format's StateSet convention), so a query or an alert on one state
 * sees it come and go instead of a series that appears and disappears.
 */
const PROFILE_STATUSES: CredentialStatus[] = ["ok", "expiring", "expired", "missing", "static", "invalid"];
const PROVIDER_HEALTHS: ProviderHealth[] = ["ok", "expiring", "cooling-down", "expired", "missing", "broken"];

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  samples: { labels: Labels; value: number }[];
}

export function renderPrometheus(status: ModelsStatus, now: number): string {
  const families = metricFamilies(status, now);
  // A family without samples is left out whole: some parsers reject a TYPE line with nothing under it.
  return families
    .filter((family) => family.samples.length > 0)
    .map(renderFamily)
    .join("");
}

function metricFamilies(status: ModelsStatus, now: number): Family[] {
  const family = (name: string, help: string): Family => ({ name, help, samples: [] });
  const expiry = family(
    "clawdia_auth_profile_expiry_timestamp_seconds",
    "When the profile's stored credential expires, in seconds since the epoch (profiles with a recorded expiry only).",
  );
  const refreshable = family(
    "clawdia_auth_profile_refreshable",
    "1 when Clawdia refreshes the profile's OAuth credential on use, so its expiry alone is no cause for alarm.",
  );
  const profileStatus = family(
    "clawdia_auth_profile_status",
    "One series per status (ok, expiring, expired, missing, static, invalid): 1 for the profile's current one, 0 for the others.",
  );
  const cooldown = family(
    "clawdia_auth_profile_cooldown_until_timestamp_seconds",
    "Until when the gateway rests the profile after errors, in seconds since the epoch, as recorded (profiles with a recorded cooldown only; it is resting while this is after time()).",
  );
  const errors = family(
    "clawdia_auth_profile_errors",
    "The failed requests the gateway counted for the profile since it last worked (its errorCount; 0 when none is recorded). A gauge: it drops to 0 when the profile works again.",
  );
  const health = family(
    "clawdia_auth_provider_health",
    "One series per health (ok, expiring, cooling-down, expired, missing, broken), as models status --check judges it: 1 for the provider's current one, 0 for the others.",
  );
  const inUse = family(
    "clawdia_auth_provider_in_use",
    "1 when the provider is used by the default model, an alias or a configured profile.",
  );
  const exitCode = family(
    "clawdia_auth_check_exit_code",
    "The exit code of clawdia models status --check: 0 ok, 1 expired, missing or unreadable, 2 expiring or every candidate cooling down.",
  );
  const readable = family(
    "clawdia_state_readable",
    "1 when every file that decides a credential in use could be read and parsed; 0 makes the check fail.",
  );
  const source = family(
    "clawdia_auth_provider_credential_source",
    "1 for where the credential the gateway will use comes from (store, env, dotenv, config, unit, environment-file, plist, command-line, login-shell) and whose view that is (daemon or shell).",
  );
  const generated = family(
    "clawdia_auth_status_generated_timestamp_seconds",
    "When this status was generated, in seconds since the epoch.",
  );
  const buildInfo = family(
    "clawdia_build_info",
    "Always 1; the labels say which Clawdia (and which Node) wrote these metrics.",
  );

  for (const agent of status.agents) {
    for (const provider of agent.providers) {
      const providerLabels = { agent: agent.agentId, provider: provider.provider };
      for (const profile of provider.profiles) {
        const labels = { ...providerLabels, profile: profile.id, type: profile.type };
        if (profile.expires !== undefined) expiry.samples.push({ labels, value: profile.expires / 1000 });
        refreshable.samples.push({ labels, value: profile.refreshable ? 1 : 0 });
        if (profile.cooldownUntil) cooldown.samples.push({ labels, value: profile.cooldownUntil / 1000 });
        errors.samples.push({ labels, value: profile.errorCount ?? 0 });
        for (const status of PROFILE_STATUSES)
          profileStatus.samples.push({ labels: { ...labels, status }, value: status === profile.status ? 1 : 0 });
      }
      for (const state of PROVIDER_HEALTHS)
        health.samples.push({ labels: { ...providerLabels, health: state }, value: state === provider.health ? 1 : 0 });
      inUse.samples.push({ labels: providerLabels, value: provider.inUseBy.length > 0 ? 1 : 0 });
      if (provider.effective)
        source.samples.push({
          labels: { ...providerLabels, source: provider.effective.kind, view: status.verdict.viewpoint },
          value: 1,
        });
    }
  }
  exitCode.samples.push({ labels: {}, value: status.exitCode });
  readable.samples.push({ labels: {}, value: status.stateReadable ? 1 : 0 });
  generated.samples.push({ labels: {}, value: now / 1000 });
  buildInfo.samples.push({ labels: { version: VERSION, node: process.version }, value: 1 });
  return [
    expiry,
    refreshable,
    cooldown,
    errors,
    profileStatus,
    health,
    inUse,
    source,
    exitCode,
    readable,
    generated,
    buildInfo,
  ];
}

function renderFamily({ name, help, samples }: Family): string {
  const lines = [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} gauge`];
  for (const { labels, value } of samples) lines.push(`${name}${renderLabels(labels)} ${formatValue(value)}`);
  return lines.join("\n") + "\n";
}

function renderLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabelValue(value)}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

/**
 * The exposition format's label-value escapes: backslash, double quote and line feed. The format has
 * no escape for any other control character, and a raw ESC or CR would reach the terminal of whoever
 * reads the file: those become the text printable() makes of them (ESC as the four characters `\x1b`,
 * as every text command shows the id), and that text is then escaped like the rest.
 */
export function escapeLabelValue(value: string): string {
  const shown = value.split("\n").map(printable).join("\n");
  return shown.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text escapes backslash and line feed only. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(value);
}
