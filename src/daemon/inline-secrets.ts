// Secrets written into the service definition itself: Environment= lines, plist EnvironmentVariables,
// and command lines (`--api-key …`, `env KEY=…`). Those files are commonly readable by other users and
// get copied into backups and bug reports.

export interface InlineSecret {
  /** The variable or option name ("ANTHROPIC_API_KEY", "--api-key"). */
  name: string;
  value: string;
  file: string;
  line?: number;
  /** Where in the file: "Environment=", "ExecStart=", "EnvironmentVariables", "ProgramArguments". */
  where: string;
}

export interface SecretTests {
  isSecretName(name: string): boolean;
  looksLikeSecret(value: string): boolean;
}

/** Values shorter than this are not worth masking (the masker's own bound). */
const MIN_LENGTH = 8;
/** A value under a secret-looking name this short is a placeholder ("changeme"), not worth a finding. */
export const MIN_REPORTED_LENGTH = 16;

export function secretVariables(
  vars: { key: string; value: string; file: string; line?: number }[],
  where: string,
  tests: SecretTests,
  minLength = MIN_LENGTH,
): InlineSecret[] {
  return vars
    .filter((v) => tests.looksLikeSecret(v.value) || (v.value.length >= minLength && tests.isSecretName(v.key)))
    .map((v) => ({ name: v.key, value: v.value, file: v.file, line: v.line, where }));
}

/** Secrets in a command line: `--api-key=V`, `--token V`, `KEY=V` (as given to env), or a key-shaped word. */
export function secretArguments(
  argv: string[],
  at: { file: string; line?: number },
  where: string,
  tests: SecretTests,
  minLength = MIN_LENGTH,
): InlineSecret[] {
  const found: InlineSecret[] = [];
  const add = (name: string, value: string) => {
    if ((value.length >= minLength || tests.looksLikeSecret(value)) && !found.some((f) => f.value === value))
      found.push({ name, value, ...at, where });
  };
  argv.forEach((arg, index) => {
    const option = /^(--?[A-Za-z0-9][A-Za-z0-9_-]*)(?:=(.*))?$/s.exec(arg);
    if (option && tests.isSecretName(option[1].replace(/^-+/, ""))) {
      const value = option[2] ?? argv[index + 1];
      if (value !== undefined && !value.startsWith("-")) add(option[1], value);
      return;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
    if (assignment && tests.isSecretName(assignment[1])) return add(assignment[1], assignment[2]);
    if (tests.looksLikeSecret(arg)) add(`argument ${index}`, arg);
  });
  return found;
}

/** `env K=V … command`: the assignments env adds to the daemon's environment. */
export function envCommandAssignments(argv: string[]): { key: string; value: string }[] {
  if (argv.length === 0 || !/(^|\/)env$/.test(argv[0])) return [];
  const assignments: { key: string; value: string }[] = [];
  for (const arg of argv.slice(1)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
    if (!match) break;
    assignments.push({ key: match[1], value: match[2] });
  }
  return assignments;
}
