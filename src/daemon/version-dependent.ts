// When systemd's version is unknown: the variables that matter to the gateway whose value depends on
// it (a comment line ending in \ before 254, %S/%L before 254, %D before 256). Doctor reports these
// rather than guess which systemd the user runs.
import { mattersForDaemon } from "./login-shell.js";
import { serviceProcessEnvironment, type ProcessVariable } from "./systemd-unit.js";
import type { DaemonState } from "./view.js";

export interface VersionOutcome {
  /** The versions this outcome holds for: from `first` (undefined: any older) to `last` (undefined: any newer). */
  first?: number;
  last?: number;
  set: boolean;
  /** Set, to a value other than the newest versions' (the first outcome listed). */
  otherValue: boolean;
}

export interface VersionDependentVariable {
  key: string;
  /** Newest first; neighbouring spans that read the same are merged. */
  outcomes: VersionOutcome[];
  /** Where the newest systemd that sets it finds it (the unit, or an environment file line). */
  file: string;
  line: number;
}

export function versionDependentVariables(daemon: DaemonState): VersionDependentVariable[] {
  if (!daemon.readingsByVersion) return [];
  const envs = daemon.readingsByVersion
    .map(({ span, reading }) => ({
      span,
      env: serviceProcessEnvironment(reading.service, reading.loadedEnvironmentFiles),
    }))
    .reverse();
  const keys = new Set(envs.flatMap(({ env }) => [...env.keys()].filter(mattersForDaemon)));
  const found: VersionDependentVariable[] = [];
  for (const key of [...keys].sort()) {
    const values = envs.map(({ env }) => env.get(key));
    if (values.every((value) => sameValue(value, values[0]))) continue;
    const newest = values[0];
    const outcomes: VersionOutcome[] = [];
    envs.forEach(({ span }, i) => {
      const previous = i > 0 && sameValue(values[i], values[i - 1]) ? outcomes[outcomes.length - 1] : undefined;
      if (previous) previous.first = span.first;
      else
        outcomes.push({
          first: span.first,
          last: span.last,
          set: values[i] !== undefined,
          otherValue: values[i] !== undefined && newest !== undefined && !sameValue(values[i], newest),
        });
    });
    const where = values.find((value) => value !== undefined)!;
    found.push({ key, outcomes, file: where.file, line: where.line });
  }
  return found;
}

function sameValue(a: ProcessVariable | undefined, b: ProcessVariable | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.value === b.value;
}

/** "systemd ≥ 254", "systemd 254–255", "older versions" (the oldest span, after a newer one). */
function describeSpan(outcome: VersionOutcome, oldest: boolean): string {
  if (outcome.last === undefined) return `systemd ≥ ${outcome.first}`;
  if (outcome.first === undefined) return oldest ? "older versions" : `systemd < ${outcome.last + 1}`;
  return outcome.first === outcome.last ? `systemd ${outcome.first}` : `systemd ${outcome.first}–${outcome.last}`;
}

/** "ANTHROPIC_API_KEY is set on systemd ≥ 254 but not on older versions" (no value: it may be a secret). */
export function describeVersionDependence(variable: VersionDependentVariable): string {
  const parts = variable.outcomes.map((outcome, i) => {
    const span = describeSpan(outcome, i === variable.outcomes.length - 1 && i > 0);
    if (i === 0) return `${outcome.set ? "is set" : "is not set"} on ${span}`;
    if (!outcome.set) return `not on ${span}`;
    return outcome.otherValue ? `set to another value on ${span}` : `set on ${span}`;
  });
  const last = parts.pop()!;
  return `${variable.key} ${parts.join(", ")}${parts.length > 1 ? "," : ""} but ${last}`;
}
