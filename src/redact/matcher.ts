// Finds every form of every known secret in a text in one pass, linear in the text's length and in
// the number of secrets, looking at only a few of its characters (a multi-pattern search in the
// manner of Wu–Manber: each form is indexed by its last 8 characters; the last two characters of
// the text's window say how far the window may move on before it can end like some form, usually
// the whole 7; only where a form could end is the window hashed and looked up, and only a hit
// compares text). Secrets end in random characters, so a hit is almost always a match; the starts
// they share ("sk-ant-oat01-", which fingerprints show too) cost nothing.
import { charSet, inSet } from "./char-set.js";
import { formsOf, type FormSet, type SecretForm } from "./forms.js";

/** Forms are indexed by this many last characters; shorter forms are not looked for. */
const WINDOW = 8;
/** Shift of the window by its last two characters (low bytes): at most WINDOW - 1. */
const NO_ENDING_SHIFT = WINDOW - 1;
/** The filter starts small (most states hold a few secrets) and doubles to keep hits rare. */
const FILTER_LOG2_MIN = 16;
const FILTER_LOG2_MAX = 26;
/** Bits per indexed ending: about one position in this many hits the filter by chance. */
const FILTER_SPARSENESS = 64;
/** Characters a token is made of (`[A-Za-z0-9+/=_~-]`), for extending a prefix match to the end of its token. */
const TOKEN_CHARS = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_~-");

export interface SecretMatch {
  start: number;
  end: number;
  /** The secret found (for a prefix form, the text matched: the secret as the log cut or extended it). */
  secret: string;
}

export class SecretMatcher {
  /**
   * Forms by the rolling hash of their last characters (exact for characters below U+0100), then by
   * length, then by text: a filter hit costs no slice of the ending, and secrets that end alike
   * (test fixtures padded with zeros) cost one exact lookup per length, never a scan of the others.
   */
  private readonly byEnding = new Map<number, FormsOfLength[]>();
  private readonly secrets = new Set<string>();
  private filterLog2 = FILTER_LOG2_MIN;
  private filter = new Uint32Array((1 << FILTER_LOG2_MIN) / 32);
  /** How far the window may move, by its last two characters, before a form can end in it. */
  private readonly shifts = new Uint8Array(1 << 16).fill(NO_ENDING_SHIFT);
  /**
   * Forms whose last WINDOW characters are one character repeated ("…xxxxxxxx"), by that character:
   * the lengths of their trailing runs. Inside a run of that character in the text every window is
   * a hit, so find() looks only where such a form can end (see runCandidates) and jumps the rest.
   */
  private readonly runEndings = new Map<number, number[]>();
  /** Characters some form is made of entirely: a run of them is searched position by position. */
  private readonly wholeRuns = new Set<number>();

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
      const ending = hashOf(form.text, form.text.length - WINDOW);
      let lengths = this.byEnding.get(ending);
      if (!lengths) {
        lengths = [];
        this.byEnding.set(ending, lengths);
        this.mark(ending);
      }
      // Every form, not only a new hash: endings that differ can share a hash.
      this.shorten(form.text);
      this.noteRun(form.text);
      let ofLength = lengths.find((entry) => entry.length === form.text.length);
      if (!ofLength) lengths.push((ofLength = { length: form.text.length, forms: [] }));
      addForm(ofLength, form);
    }
    if (this.byEnding.size * FILTER_SPARSENESS > 1 << this.filterLog2 && this.filterLog2 < FILTER_LOG2_MAX) this.grow();
  }

  private mark(ending: number): void {
    const bit = slot(ending, this.filterLog2);
    this.filter[bit >>> 5] |= 1 << (bit & 31);
  }

  /** A window whose last two characters are at j-1, j of a form's ending can move at most 7 - j. */
  private shorten(text: string): void {
    const ending = text.length - WINDOW;
    for (let j = 1; j < WINDOW; j++) {
      const pair = twoChars(text.charCodeAt(ending + j - 1), text.charCodeAt(ending + j));
      if (this.shifts[pair] > NO_ENDING_SHIFT - j) this.shifts[pair] = NO_ENDING_SHIFT - j;
    }
  }

  private noteRun(text: string): void {
    const char = text.charCodeAt(text.length - 1);
    let run = 1;
    while (run < text.length && text.charCodeAt(text.length - 1 - run) === char) run++;
    if (run < WINDOW) return;
    if (run === text.length) this.wholeRuns.add(char);
    const lengths = this.runEndings.get(char) ?? [];
    if (!lengths.includes(run))
      this.runEndings.set(
        char,
        [...lengths, run].sort((a, b) => a - b),
      );
  }

  private grow(): void {
    while (this.byEnding.size * FILTER_SPARSENESS > 1 << this.filterLog2 && this.filterLog2 < FILTER_LOG2_MAX)
      this.filterLog2++;
    this.filter = new Uint32Array((1 << this.filterLog2) / 32);
    for (const ending of this.byEnding.keys()) this.mark(ending);
  }

  /** Every occurrence, leftmost first, longest at a position, none overlapping. */
  find(text: string): SecretMatch[] {
    if (this.byEnding.size === 0 || text.length < WINDOW) return [];
    let found: SecretMatch[] | undefined;
    // Locals, so the loop is plain integer arithmetic on registers.
    const shifts = this.shifts;
    const runEndings = this.runEndings;
    const filter = this.filter;
    const filterShift = 32 - this.filterLog2;
    const length = text.length;
    // `end` is where the window of the last WINDOW characters ends (exclusive).
    for (let end = WINDOW; end <= length;) {
      const shift = shifts[twoChars(text.charCodeAt(end - 2), text.charCodeAt(end - 1))];
      if (shift > 0) {
        end += shift;
        continue;
      }
      const last = text.charCodeAt(end - 1);
      if (
        last === text.charCodeAt(end - WINDOW) &&
        runEndings.has(last) &&
        !this.wholeRuns.has(last) &&
        isRun(text, end - WINDOW, end, last)
      ) {
        end = this.runCandidates(text, end, last, (found ??= []));
        continue;
      }
      const hash = hashOf(text, end - WINDOW);
      const bit = Math.imul(hash, 0x9e3779b1) >>> filterShift;
      if (filter[bit >>> 5] & (1 << (bit & 31))) this.formsEndingAt(text, end, hash, (found ??= []));
      end++;
    }
    return found ? resolve(found) : [];
  }

  private formsEndingAt(text: string, end: number, hash: number, found: SecretMatch[]): void {
    const lengths = this.byEnding.get(hash);
    if (!lengths) return;
    for (const ofLength of lengths) {
      const form = ofLength.length <= end ? formAt(ofLength, text, end) : undefined;
      if (form) found.push(match(text, form, end));
    }
  }

  /**
   * The window ending at `end` is a run of `char`, which some forms end with. A form that ends with
   * exactly k of them, after a character that is not one, can end in the text's run [from, to) only
   * at from + k: those ends are looked up, and the search goes on after the run. Linear: the run is
   * read once each way.
   */
  private runCandidates(text: string, end: number, char: number, found: SecretMatch[]): number {
    let from = end - WINDOW;
    while (from > 0 && text.charCodeAt(from - 1) === char) from--;
    let to = end;
    while (to < text.length && text.charCodeAt(to) === char) to++;
    const hash = hashOf(text, end - WINDOW);
    for (const run of this.runEndings.get(char)!) {
      const at = from + run;
      if (at > to) break;
      this.formsEndingAt(text, at, hash, found);
    }
    return to + 1;
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
}

/** Forms of one length that end alike: a few are compared in place, more are looked up by their text. */
interface FormsOfLength {
  length: number;
  forms: SecretForm[];
  byText?: Map<string, SecretForm>;
}

/** Beyond this many forms in a group, a lookup by text (one slice, one hash) beats comparing each. */
const COMPARED_IN_PLACE = 4;

/**
 * One form per text. Where a secret's text is also the first characters of a longer secret, the
 * prefix form is kept: its match takes the rest of the token, and is the secret itself when the
 * token ends there.
 */
function addForm(group: FormsOfLength, form: SecretForm): void {
  if (group.byText) {
    const known = group.byText.get(form.text);
    if (!known || (form.prefix && !known.prefix)) group.byText.set(form.text, form);
    return;
  }
  const at = group.forms.findIndex((known) => known.text === form.text);
  if (at >= 0) {
    if (form.prefix && !group.forms[at].prefix) group.forms[at] = form;
    return;
  }
  group.forms.push(form);
  if (group.forms.length > COMPARED_IN_PLACE) {
    group.byText = new Map(group.forms.map((known) => [known.text, known]));
    group.forms = [];
  }
}

/** The form of the group that ends at `end` in `text`, if any. */
function formAt(group: FormsOfLength, text: string, end: number): SecretForm | undefined {
  const start = end - group.length;
  if (group.byText) return group.byText.get(text.slice(start, end));
  for (const form of group.forms) if (endsAt(text, form.text, end)) return form;
  return undefined;
}

/**
 * Whether `form` ends at `end` in `text`: its first character, then from its end (its last
 * characters, hashed, were the hit). The first character first: inside a long run of one character
 * (`xxxxxxxx…`) a form ending in it is a hit at every position, and compared from its end it would
 * match the whole run back each time.
 */
function endsAt(text: string, form: string, end: number): boolean {
  // A loop, not startsWith: V8's startsWith with a position is a call into the runtime, many times
  // slower for the short strings compared here.
  const start = end - form.length;
  if (form.charCodeAt(0) !== text.charCodeAt(start)) return false;
  for (let i = form.length - 1; i > 0; i--) if (form.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** The match of a form ending at `end`; a prefix form takes the rest of its token with it. */
function match(text: string, form: SecretForm, end: number): SecretMatch {
  const start = end - form.text.length;
  if (!form.prefix) return { start, end, secret: form.secret };
  let stop = end;
  while (stop < text.length && inSet(TOKEN_CHARS, text.charCodeAt(stop))) stop++;
  return {
    start,
    end: stop,
    secret:
      stop === start + form.secret.length && text.startsWith(form.secret, start)
        ? form.secret
        : text.slice(start, stop),
  };
}

/** Matches come in the order of their ends: keep the leftmost, the longest where two start together. */
function resolve(found: SecretMatch[]): SecretMatch[] {
  if (found.length < 2) return found;
  sortNearlySorted(found);
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
 * Sorts matches by start, the longest first where two start together (stable, as Array.sort is),
 * by insertion: they come in the order of their ends, so only matches that overlap are out of
 * order, and each moves back past a few at most (a log's slice has hundreds of matches, and
 * sort() with a comparator cost more than finding them).
 */
function sortNearlySorted(found: SecretMatch[]): void {
  // Many long matches over each other (a secret repeating in itself) would move far: past this
  // many moves the rest is left to sort(), which gives the same order (both are stable).
  let budget = 4 * found.length;
  for (let i = 1; i < found.length; i++) {
    const match = found[i];
    let j = i;
    while (j > 0 && before(match, found[j - 1])) {
      found[j] = found[j - 1];
      j--;
    }
    found[j] = match;
    budget -= i - j;
    if (budget < 0) {
      found.sort((a, b) => a.start - b.start || b.end - a.end);
      return;
    }
  }
}

function before(a: SecretMatch, b: SecretMatch): boolean {
  return a.start < b.start || (a.start === b.start && a.end > b.end);
}

/**
 * The hash of WINDOW characters: each shifts the ones before it 4 bits up, so all of them fit the
 * 32 bits. (Characters that differ only above their low byte collide: the exact lookup after a
 * filter hit tells them apart.)
 */
function hashOf(text: string, from: number): number {
  let hash = 0;
  for (let i = from; i < from + WINDOW; i++) hash = ((hash << 4) ^ (text.charCodeAt(i) & 0xff)) | 0;
  return hash;
}

function isRun(text: string, from: number, to: number, char: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== char) return false;
  return true;
}

function twoChars(first: number, second: number): number {
  return ((first & 0xff) << 8) | (second & 0xff);
}

function slot(hash: number, log2: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> (32 - log2);
}
