// The masker of everything the CLI prints (text, JSON, SARIF, diffs, errors): every form of every
// secret known from the state, and anything shaped like a key, becomes its fingerprint. One pass per
// rule over the text, whatever the number of secrets.
import { fingerprint } from "../auth/fingerprint.js";
import { keyShapePattern } from "./key-shapes.js";
import { SecretMatcher } from "./matcher.js";

/** Matchers by the secrets array they were built from: output.ts keeps one array until new secrets come. */
const matchers = new WeakMap<readonly string[], SecretMatcher>();

export function maskOutput(text: string, secrets: readonly string[]): string {
  let matcher = matchers.get(secrets);
  if (!matcher) {
    matcher = new SecretMatcher("output", secrets);
    matchers.set(secrets, matcher);
  }
  const known = matcher.replaceIn(text, fingerprint);
  return known.replace(keyShapePattern(), (match) => fingerprint(match));
}
