// config.redacted.jsonc: the config as the user wrote it (comments, order, formatting), with every
// value under a secret name and every env.vars value replaced by its placeholder; a config that does
// not parse is redacted the same way, as far as the parser gets, then line by line like a log.
import type { RawFile } from "../../snapshot/raw-file.js";
import { replaceSpans, secretSpans } from "../redact/jsonc.js";
import type { Redactor } from "../redact/redactor.js";

export function redactedConfig(file: RawFile, shownPath: string, redactor: Redactor): string {
  if (file.text === undefined)
    return `// No config: ${shownPath} is ${file.status}${file.error ? ` (${file.error})` : ""}.\n`;
  // Not learned for exact matching: the state's secrets are known already, and an ordinary env.vars
  // value ("production") must not be blanked out of every log line.
  const replaced = replaceSpans(file.text, secretSpans(file.text), (span) =>
    redactor.redactValue(span.value, "field-name", false),
  );
  return redactor.redactText(replaced);
}
