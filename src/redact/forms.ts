// Every form a secret may take in text: as it is, JSON-escaped the ways JSON writers escape (`\"`,
// `\\`, `\/`, `\uXXXX` for non-ASCII), escaped twice (JSON inside a JSON string), URL-encoded,
// base64 (alone or inside a longer blob), and its first characters (a log that cut it short).

/** A form of a secret: the text to look for. */
export interface SecretForm {
  text: string;
  /** The secret it is a form of. */
  secret: string;
  /** Only the secret's first characters: the match takes the rest of its token with it. */
  prefix: boolean;
}

/** Which forms to look for: the CLI's output never base64-encodes or cuts a secret; logs may. */
export type FormSet = "output" | "logs";

/** A secret this long is also matched by its first characters alone (logs only). */
const PREFIX_LENGTH = 16;

/** Characters no escaping changes: a secret made only of them has one textual form. */
const PLAIN = /^[A-Za-z0-9_.~-]*$/;

export function formsOf(secret: string, set: FormSet): SecretForm[] {
  if (set === "output" && PLAIN.test(secret)) return [{ text: secret, secret, prefix: false }];
  const texts = new Set<string>([secret]);
  if (!PLAIN.test(secret)) {
    for (const json of jsonForms(secret)) {
      texts.add(json);
      // Escaped again: the value inside a JSON string inside a JSON log line.
      texts.add(escapeJson(json));
    }
    const encoded = encodeURIComponent(secret);
    texts.add(encoded);
    texts.add(encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    texts.add(encoded.replace(/%20/g, "+"));
  }
  if (set === "logs") {
    for (const base64 of base64Forms(secret)) {
      texts.add(base64);
      texts.add(base64.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  const forms = [...texts].map((text) => ({ text, secret, prefix: false }));
  if (set === "logs" && secret.length >= PREFIX_LENGTH + 4)
    forms.push({ text: secret.slice(0, PREFIX_LENGTH), secret, prefix: true });
  return forms;
}

/**
 * The escapes JSON writers use: JavaScript's (`\"`, `\\`, control characters), `\/` (PHP, some
 * loggers), `\uXXXX` for every non-ASCII character (Python's default), and for every character but
 * letters, digits and `-_.` (.NET and Go escape `+ / < > & '` so), in both hex cases.
 */
function jsonForms(secret: string): string[] {
  const plain = escapeJson(secret);
  const forms = [plain, plain.replace(/\//g, "\\/")];
  for (const hex of [
    (code: number) => code.toString(16).padStart(4, "0"),
    (code: number) => code.toString(16).toUpperCase().padStart(4, "0"),
  ]) {
    const escape = (char: string) => `\\u${hex(char.charCodeAt(0))}`;
    if (/[^\x00-\x7f]/.test(plain)) {
      const ascii = plain.replace(/[^\x00-\x7f]/g, escape);
      forms.push(ascii, ascii.replace(/\//g, "\\/"));
    }
    // One UTF-16 unit at a time: a character outside the BMP is escaped as its surrogate pair.
    if (/[^A-Za-z0-9_.-]/.test(secret))
      forms.push(
        secret
          .split("")
          .map((unit) => (/[A-Za-z0-9_.-]/.test(unit) ? unit : escape(unit)))
          .join(""),
      );
  }
  return forms;
}

function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Base64 of the secret alone (unpadded), and the characters that encode it at each of the three
 * alignments it can have inside a longer blob (`Basic base64(user:secret)`, a JSON payload…): only
 * the characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = [bytes.toString("base64").replace(/=+$/, "")];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const whole = Math.floor(padded.length / 3) * 4; // characters not mixed with the bytes that follow
    const skip = shift === 0 ? 0 : shift + 1; // characters mixed with the bytes that come before
    forms.push(padded.toString("base64").slice(skip, whole));
  }
  return forms;
}
