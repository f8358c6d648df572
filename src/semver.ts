// The three questions this CLI asks of versions (is it one, which is newer, their order), answered
// as the semver package answers them (strict, not loose: semver 2.0.0, an optional leading "v",
// surrounding whitespace trimmed, at most 256 characters, build metadata ignored in comparisons).
// Every check asks them (the config's stamp, the migrations' order), and the semver package builds
// some forty regular expressions when it loads, a few milliseconds of each start.
// test/semver.test.ts compares every answer with the package's.

interface Version {
  main: [number, number, number];
  /** Numeric identifiers as numbers (those that fit), the others as strings. */
  prerelease: (number | string)[];
}

const NUMERIC = "0|[1-9]\\d*";
const PRERELEASE_ID = `(?:\\d*[a-zA-Z-][a-zA-Z0-9-]*|${NUMERIC})`;
const FULL = new RegExp(
  `^v?(${NUMERIC})\\.(${NUMERIC})\\.(${NUMERIC})(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?(?:\\+[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*)?$`,
);
const ALL_DIGITS = /^[0-9]+$/;

function parse(text: string): Version | undefined {
  if (typeof text !== "string" || text.length > 256) return undefined;
  const m = FULL.exec(text.trim());
  if (!m) return undefined;
  const main: Version["main"] = [+m[1]!, +m[2]!, +m[3]!];
  if (main.some((n) => n > Number.MAX_SAFE_INTEGER)) return undefined;
  const prerelease = m[4]
    ? m[4].split(".").map((id) => (ALL_DIGITS.test(id) && +id < Number.MAX_SAFE_INTEGER ? +id : id))
    : [];
  return { main, prerelease };
}

export function isVersion(text: string): boolean {
  return parse(text) !== undefined;
}

/** -1, 0 or 1 as `a` comes before, with or after `b`; throws for what is not a version, as semver does. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) throw new TypeError(`Invalid Version: ${x ? b : a}`);
  for (let i = 0; i < 3; i++) if (x.main[i] !== y.main[i]) return x.main[i]! < y.main[i]! ? -1 : 1;
  // A version without a prerelease comes after the same one with one.
  if (x.prerelease.length === 0 || y.prerelease.length === 0)
    return x.prerelease.length === y.prerelease.length ? 0 : x.prerelease.length === 0 ? 1 : -1;
  for (let i = 0; ; i++) {
    const p = x.prerelease[i];
    const q = y.prerelease[i];
    if (p === undefined || q === undefined) return p === q ? 0 : p === undefined ? -1 : 1;
    if (p !== q) return compareIdentifiers(p, q);
  }
}

export function isNewer(a: string, b: string): boolean {
  return compareVersions(a, b) > 0;
}

/** semver's: numbers by value and before words, words in code-unit order. */
function compareIdentifiers(a: number | string, b: number | string): -1 | 0 | 1 {
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  const aNumeric = ALL_DIGITS.test(String(a));
  const bNumeric = ALL_DIGITS.test(String(b));
  const x = aNumeric && bNumeric ? +a : a;
  const y = aNumeric && bNumeric ? +b : b;
  if (x === y) return 0;
  if (aNumeric && !bNumeric) return -1;
  if (bNumeric && !aNumeric) return 1;
  return x < y ? -1 : 1;
}
