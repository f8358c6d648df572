// The secret values the daemon's definition holds (unit Environment=, environment files, command
// lines, plist EnvironmentVariables and ProgramArguments, the login shell's keys), for the masker.
import type { Snapshot } from "../snapshot/snapshot.js";
import { secretArguments, secretVariables, type SecretTests } from "./inline-secrets.js";

export function daemonSecretValues(snapshot: Snapshot, tests: SecretTests): string[] {
  const daemon = snapshot.daemon;
  if (!daemon) return [];
  const values: string[] = [];
  const byName = (vars: { key: string; value: string }[]) => {
    for (const v of vars) if (tests.isSecretName(v.key) || tests.looksLikeSecret(v.value)) values.push(v.value);
  };
  if (daemon.shellEnv?.status === "ok")
    byName(Object.entries(daemon.shellEnv.vars).map(([key, value]) => ({ key, value })));
  const file = daemon.file.path;
  if (daemon.service) {
    values.push(...secretVariables(daemon.service.written, "", tests).map((s) => s.value));
    for (const exec of daemon.service.execStart)
      values.push(...secretArguments(exec.argv, exec, "", tests).map((s) => s.value));
    for (const loaded of daemon.loadedEnvironmentFiles) byName(loaded.entries);
  } else if (daemon.kind === "launchd" && daemon.file.text !== undefined) {
    const agent = daemon.launchd;
    if (agent) {
      byName([...agent.environment.values()]);
      values.push(...secretArguments(agent.programArguments, { file }, "", tests).map((s) => s.value));
    }
    // A plist launchd would refuse is still shown in diffs and the bundle: its strings are masked by shape.
    if (!agent || agent.problems.length > 0) values.push(...plistSecretStrings(daemon.file.text, tests));
  }
  return values;
}

/**
 * Without a parse (a plist that is not valid, or one too deep to read): every <string> under a
 * secret-looking <key>, or shaped like a key, in an XML plist. Masking more than needed is harmless.
 */
export function plistSecretStrings(text: string, tests: SecretTests): string[] {
  const values: string[] = [];
  const pattern = /<key>([^<]*)<\/key>\s*<string>([^<]*)<\/string>|<string>([^<]*)<\/string>/g;
  for (const match of text.matchAll(pattern)) {
    const value = decodeXml(match[2] ?? match[3] ?? "");
    if ((match[1] !== undefined && tests.isSecretName(decodeXml(match[1]))) || tests.looksLikeSecret(value))
      values.push(value);
  }
  return values;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity[0] === "#")
      return String.fromCodePoint(entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[entity]!;
  });
}
