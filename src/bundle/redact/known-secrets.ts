// Exact matching of every secret known from the state, in every form it may take in a log: as is,
// JSON-escaped, URL-encoded, base64 (alone or inside a longer base64 blob), and its first characters.
import { MIN_SECRET_LENGTH } from "../../secrets.js";

/** Variants are indexed by their first characters, so a line is scanned once whatever their number. */
const KEY_LENGTH = 8;
/** A secret this long is also matched by its first characters alone (a log that cut it short). */
const PREFIX_LENGTH = 16;

interface Variant {
  text: string;
  /** The secret it is a form of. */
  secret: string;
  /** Only the secret's first characters: what follows them may be another secret's rest. */
  prefix: boolean;
}

/** Characters a token is made of, for extending a prefix match to the end of its token. */
const TOKEN_CHAR = /[A-Za-z0-9+/=_~-]/;

/** A cheap first test per position: a bit per hash of a variant's first four characters. */
const FILTER_BITS = 1 << 20;

function hashAt(text: string, i: number): number {
  return ((text.charCodeAt(i) << 15) ^ (text.charCodeAt(i + 1) << 10) ^ (text.charCodeAt(i + 2) << 5) ^ text.charCodeAt(i + 3)) & (FILTER_BITS - 1);
}

export class KnownSecrets {
  private readonly index = new Map<string, Variant[]>();
  private readonly secrets = new Set<string>();
  private readonly filter = new Uint8Array(FILTER_BITS);

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  get size(): number {
    return this.secrets.size;
  }

  has(secret: string): boolean {
    return this.secrets.has(secret);
  }

  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    const prefix = secret.length >= PREFIX_LENGTH + 4 ? secret.slice(0, PREFIX_LENGTH) : undefined;
    for (const text of variantsOf(secret)) {
      if (text.length < KEY_LENGTH) continue;
      const key = text.slice(0, KEY_LENGTH);
      this.filter[hashAt(text, 0)] = 1;
      const list = this.index.get(key) ?? [];
      if (list.some((v) => v.text === text)) continue;
      list.push({ text, secret, prefix: text === prefix });
      list.sort((a, b) => b.text.length - a.text.length); // the longest form wins
      this.index.set(key, list);
    }
  }

  /**
   * Replaces every occurrence of every form of every secret with `replace(secret)`. A match of a
   * secret's first characters alone takes the rest of its token with it, as a value of its own.
   */
  replaceIn(text: string, replace: (secret: string) => string): string {
    if (this.index.size === 0 || text.length < KEY_LENGTH) return text;
    let out = "";
    let copied = 0;
    const last = text.length - KEY_LENGTH;
    // The hash of the four characters at i, rolled forward one character at a time (see hashAt).
    let hash = hashAt(text, 0);
    const length = text.length;
    for (let i = 0; i <= last; i++) {
      // i + 4 may be past the end: 0 then, never NaN, which would make this loop use doubles.
      if (i > 0) hash = ((hash << 5) ^ (i + 3 < length ? text.charCodeAt(i + 3) : 0)) & (FILTER_BITS - 1);
      if (i < copied || this.filter[hash] === 0) continue;
      const candidates = this.index.get(text.slice(i, i + KEY_LENGTH));
      const hit = candidates?.find((v) => text.startsWith(v.text, i));
      if (!hit) continue;
      let end = i + hit.text.length;
      if (hit.prefix) while (end < text.length && TOKEN_CHAR.test(text[end])) end++;
      out += text.slice(copied, i) + replace(end === i + hit.text.length ? hit.secret : text.slice(i, end));
      copied = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

/** Every form of `secret` worth looking for. */
export function variantsOf(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  const encoded = encodeURIComponent(secret);
  forms.add(encoded);
  forms.add(encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  forms.add(encoded.replace(/%20/g, "+"));
  for (const base64 of base64Forms(secret)) {
    forms.add(base64);
    forms.add(base64.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  if (secret.length >= PREFIX_LENGTH + 4) forms.add(secret.slice(0, PREFIX_LENGTH));
  return [...forms];
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
