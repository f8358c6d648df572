// env.json: which variables the gateway can see and where each comes from. Names and sources only,
// never a value; for a credential, the kind of key it looks like (the Claude-Code-token-as-API-key
// problem shows here), which its fingerprint would show anyway.
import { envKeyFor, providersInUse } from "../../auth/providers.js";
import type { Snapshot } from "../../snapshot/snapshot.js";
import type { DaemonFile } from "../daemon-scan.js";
import { classifySecret } from "../redact/shapes.js";
import { isSecretName } from "../../secrets.js";

export type EnvSource =
  | "shell"
  | "dotenv"
  | "config"
  | "systemd"
  | "systemd-environment-file"
  | "systemd-pass-environment"
  | "launchd"
  | "daemon-command-line";

/** The snapshot's daemon source kinds (src/daemon/effective-env.ts) in env.json's words. */
const DAEMON_SOURCE: Record<string, EnvSource> = {
  unit: "systemd",
  "environment-file": "systemd-environment-file",
  "pass-environment": "systemd-pass-environment",
  plist: "launchd",
  "command-line": "daemon-command-line",
};

export interface EnvVariable {
  name: string;
  sources: { from: EnvSource; looksLike?: string; empty?: true }[];
}

export interface EnvReport {
  note: string;
  /** The gateway's precedence, first wins. */
  precedence: string[];
  shellEnvEnabled: boolean;
  variables: EnvVariable[];
}

/** Shell variables that matter to the gateway, besides every provider key. */
const RELEVANT =
  /^(?:CLAWDIA_|CLAUDE_|ANTHROPIC_|OPENAI_|OPENROUTER_)|_API_KEY$|^(?:HTTPS?_PROXY|ALL_PROXY|NO_PROXY|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR)$/i;

/**
 * `daemon`: the unit and plist as support-bundle read them; `daemonProcess`: the snapshot's own
 * reading of the installed daemon, which replaces the scan for that daemon's kind when given.
 */
export function envReport(
  snapshot: Snapshot,
  daemon: DaemonFile[],
  daemonProcess?: { kind?: string; variables: { key: string; from: string; value?: string }[] },
): EnvReport {
  const byName = new Map<string, EnvVariable["sources"]>();
  const add = (name: string, from: EnvSource, value: string | undefined) => {
    const sources = byName.get(name) ?? [];
    const kind = value ? classifySecret(value) : undefined;
    sources.push({
      from,
      ...(value === "" ? { empty: true as const } : {}),
      ...(kind && kind !== "secret" && isSecretName(name) ? { looksLike: kind } : {}),
    });
    byName.set(name, sources);
  };
  const providerKeys = new Set([...providersInUse(snapshot.configView).keys()].map(envKeyFor));
  for (const [name, value] of Object.entries(snapshot.raw.env))
    if (RELEVANT.test(name) || providerKeys.has(name)) add(name, "shell", value);
  for (const [name, value] of Object.entries(snapshot.dotenv.parsed.vars)) add(name, "dotenv", value);
  for (const [name, value] of Object.entries(snapshot.configView.envVars)) add(name, "config", value);
  for (const variable of daemonProcess?.variables ?? [])
    add(variable.key, DAEMON_SOURCE[variable.from] ?? "systemd", variable.value);
  for (const file of daemon) {
    if (daemonProcess && file.kind === daemonProcess.kind) continue;
    for (const { name, value } of file.env) add(name, file.kind, value);
    for (const envFile of file.environmentFiles)
      for (const { name, value } of envFile.env) add(name, "systemd-environment-file", value);
  }
  const variables = [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, sources]) => ({ name, sources }));
  return {
    note: "names and sources only; no value is ever included",
    precedence: [
      "daemon environment (systemd Environment=/EnvironmentFile=, launchd EnvironmentVariables)",
      "<state>/.env",
      "config env.vars",
      "login shell (only with env.shellEnv.enabled)",
    ],
    shellEnvEnabled: snapshot.configView.shellEnvEnabled,
    variables,
  };
}
