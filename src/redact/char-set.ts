// Sets of ASCII characters as lookup tables, for the scanning loops that test a character class at
// every step (a regular expression per character would cost a call each).

/** A table of `chars` (ASCII only): `inSet(table, code)` says whether a character code is one of them. */
export function charSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const char of chars) set[char.charCodeAt(0)] = 1;
  return set;
}

export function inSet(set: Uint8Array, code: number): boolean {
  return code < 128 && set[code] === 1;
}
