// How a credential is shown anywhere: a recognisable prefix and the last four characters, never more.

const KNOWN_PREFIX = /^(sk-ant-[a-z]+\d*-|sk-or-v\d+-|sk-proj-|sk-)/;

export function fingerprint(secret: string): string {
  const prefix = KNOWN_PREFIX.exec(secret)?.[1] ?? "";
  // Short secrets would give most of themselves away in four characters.
  const tail = secret.length - prefix.length >= 16 ? secret.slice(-4) : "";
  return `${prefix}…${tail}`;
}
