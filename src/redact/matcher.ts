// Finds every form of every known secret in a text in one pass, linear in the text's length and in
// the number of secrets (a multi-pattern Rabin–Karp: each form is indexed by its last characters,
// a rolling hash of the text's last characters tests every position against all forms at once, and
// only a hit compares text). Secrets end in random characters, so a hit is almost always a match;
// the starts they share ("sk-ant-oat01-", which fingerprints show too) cost nothing.
import { formsOf, type FormSet, type SecretForm } from "./forms.js";

/** Forms are indexed by this many last characters; shorter forms are not looked for. */
const WINDOW = 8;
/** The filter starts small (most states hold a few secrets) and doubles to keep hits rare. */
const FILTER_LOG2_MIN = 16;
const FILTER_LOG2_MAX = 26;
/** Bits per indexed ending: about one position in this many hits the filter by chance. */
const FILTER_SPARSENESS = 64;
/** Characters a token is made of, for extending a prefix match to the end of its token. */
const TOKEN_CHAR = /[A-Za-z0-9+/=_~-]/;

export interface SecretMatch {
  start: number;
  end: number;
  /** The secret found (for a prefix form, the text matched: the secret as the log cut or extended it). */
  secret: string;
}

export class SecretMatcher {
  /**
   * Forms by their last characters, then by length, then by text: secrets that end alike (test
   * fixtures padded with zeros) still cost one exact lookup per length, never a scan of the others.
   */
  private readonly byEnding = new Map<string, Map<number, Map<string, SecretForm>>>();
  private readonly secrets = new Set<string>();
  private filterLog2 = FILTER_LOG2_MIN;
  private filter = new Uint32Array((1 << FILTER_LOG2_MIN) / 32);

  constructor(
    private readonly forms: FormSet,
    secrets: Iterable<string> = [],
    private readonly minLength = WINDOW,
  ) {
    for (const secret of secrets) this.add(secret);
  }

  get size(): number {
    return this.secrets.size;
  }

  add(secret: string): void {
    if (secret.length < this.minLength || secret.length < WINDOW || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    for (const form of formsOf(secret, this.forms)) {
      if (form.text.length < WINDOW) continue;
      const ending = form.text.slice(-WINDOW);
      let byLength = this.byEnding.get(ending);
      if (!byLength) {
        byLength = new Map();
        this.byEnding.set(ending, byLength);
        this.mark(ending);
      }
      let byText = byLength.get(form.text.length);
      if (!byText) byLength.set(form.text.length, (byText = new Map()));
      if (!byText.has(form.text)) byText.set(form.text, form);
    }
    if (this.byEnding.size * FILTER_SPARSENESS > 1 << this.filterLog2 && this.filterLog2 < FILTER_LOG2_MAX) this.grow();
  }

  private mark(ending: string): void {
    const bit = slot(hashOf(ending, 0), this.filterLog2);
    this.filter[bit >>> 5] |= 1 << (bit & 31);
  }

  private grow(): void {
    while (this.byEnding.size * FILTER_SPARSENESS > 1 << this.filterLog2 && this.filterLog2 < FILTER_LOG2_MAX) this.filterLog2++;
    this.filter = new Uint32Array((1 << this.filterLog2) / 32);
    for (const ending of this.byEnding.keys()) this.mark(ending);
  }

  /** Every occurrence, leftmost first, longest at a position, none overlapping. */
  find(text: string): SecretMatch[] {
    if (this.byEnding.size === 0 || text.length < WINDOW) return [];
    const found: SecretMatch[] = [];
    // Locals, so the loop is plain integer arithmetic on registers.
    const filter = this.filter;
    const shift = 32 - this.filterLog2;
    const length = text.length;
    let hash = hashOf(text, 0);
    for (let end = WINDOW; ; end++) {
      const bit = Math.imul(hash, 0x9e3779b1) >>> shift;
      if (filter[bit >>> 5] & (1 << (bit & 31))) {
        const byLength = this.byEnding.get(text.slice(end - WINDOW, end));
        if (byLength) {
          for (const [length, byText] of byLength) {
            const form = length <= end ? byText.get(text.slice(end - length, end)) : undefined;
            if (form) this.record(found, text, form, end);
          }
        }
      }
      if (end === length) break;
      hash = roll(hash, text.charCodeAt(end));
    }
    return resolve(found);
  }

  /** The text with every match replaced by `replace(secret)`. */
  replaceIn(text: string, replace: (secret: string) => string): string {
    const matches = this.find(text);
    if (matches.length === 0) return text;
    let out = "";
    let copied = 0;
    for (const match of matches) {
      out += text.slice(copied, match.start) + replace(match.secret);
      copied = match.end;
    }
    return out + text.slice(copied);
  }

  private record(found: SecretMatch[], text: string, form: SecretForm, end: number): void {
    const start = end - form.text.length;
    if (!form.prefix) {
      found.push({ start, end, secret: form.secret });
      return;
    }
    let stop = end;
    while (stop < text.length && TOKEN_CHAR.test(text[stop])) stop++;
    found.push({ start, end: stop, secret: stop === start + form.secret.length && text.startsWith(form.secret, start) ? form.secret : text.slice(start, stop) });
  }
}

/** Matches come in the order of their ends: keep the leftmost, the longest where two start together. */
function resolve(found: SecretMatch[]): SecretMatch[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretMatch[] = [];
  let reached = 0;
  for (const match of found) {
    if (match.start < reached) continue;
    kept.push(match);
    reached = match.end;
  }
  return kept;
}

/**
 * The rolling hash of the last WINDOW characters: each character shifts the older ones 4 bits up, so
 * after WINDOW of them a character has left the 32 bits; no subtraction, one shift and one xor a
 * character. (Characters that differ only above their low byte collide: the exact lookup after a
 * filter hit tells them apart.)
 */
function roll(hash: number, code: number): number {
  return ((hash << 4) ^ (code & 0xff)) | 0;
}

function hashOf(text: string, from: number): number {
  let hash = 0;
  for (let i = from; i < from + WINDOW; i++) hash = roll(hash, text.charCodeAt(i));
  return hash;
}

function slot(hash: number, log2: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> (32 - log2);
}
