// When a log line happened: an ISO 8601 timestamp at the start of the line ("2026-11-27T12:00:00Z
// …", "[2026-11-27 12:00:00.123+01:00] …"), or a "time"/"ts"/"timestamp" field of a JSON line
// (ISO text, or epoch seconds or milliseconds, as pino, bunyan and zap write them). Parsed from the
// bytes, without making a string of the line: --since reads every line of a large log.

const JSON_KEYS = ['"time"', '"ts"', '"timestamp"', '"@timestamp"'].map((key) => Buffer.from(key, "latin1"));

/** Milliseconds since the epoch, or undefined for a line that carries no time of its own. */
export function lineTime(line: Buffer): number | undefined {
  return lineTimeAt(line, 0, line.length);
}

/** lineTime of the line buf[start, end), without making a Buffer or a string of it. */
export function lineTimeAt(buf: Buffer, start: number, end: number): number | undefined {
  let i = start;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x5b)) i++; // spaces, tabs, "["
  const first = buf[i];
  if (i < end && first >= 0x30 && first <= 0x39) return isoAt(buf, i, end);
  if (i < end && first === 0x7b) return jsonTimeIn(buf.subarray(start, end));
  return undefined;
}

/** An ISO 8601 timestamp at the start of `text`. */
export function isoTime(text: string): number | undefined {
  const buf = Buffer.from(text, "latin1");
  return isoAt(buf, 0, buf.length);
}

/** The time of a JSON line, from its first "time", "ts", "timestamp" or "@timestamp" member. */
export function jsonTime(text: string): number | undefined {
  return jsonTimeIn(Buffer.from(text, "utf8"));
}

function jsonTimeIn(line: Buffer): number | undefined {
  for (const key of JSON_KEYS) {
    const at = line.indexOf(key);
    if (at === -1) continue;
    let i = at + key.length;
    while (line[i] === 0x20 || line[i] === 0x09) i++;
    if (line[i++] !== 0x3a) continue; // ":"
    while (line[i] === 0x20 || line[i] === 0x09) i++;
    if (line[i] === 0x22) {
      const end = line.indexOf(0x22, i + 1);
      if (end === -1) return undefined;
      const value = line.toString("latin1", i + 1, end);
      if (/^-?\d+(?:\.\d+)?$/.test(value)) return epochTime(Number(value));
      const iso = isoAt(line, i + 1, end);
      if (iso !== undefined) return iso;
      const parsed = Date.parse(value);
      return Number.isFinite(parsed) ? parsed : undefined;
    }
    let end = i;
    while (end < line.length && ((line[end] >= 0x30 && line[end] <= 0x39) || line[end] === 0x2e || line[end] === 0x2d))
      end++;
    return end > i ? epochTime(Number(line.toString("latin1", i, end))) : undefined;
  }
  return undefined;
}

/** Epoch seconds (zap: 1732708800.123), milliseconds (pino: 1732708800123) or microseconds. */
function epochTime(n: number): number | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n >= 1e14) return Math.floor(n / 1000);
  if (n >= 1e11) return n;
  return Math.round(n * 1000);
}

/**
 * YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][ ][Z|±HH[:MM]] starting at `i`, not reading at or past `end`.
 * Without a zone it is local time, as Date.parse would have it. Straight-line code: --since calls it
 * for every line of the log.
 */
function isoAt(buf: Buffer, i: number, end: number): number | undefined {
  if (end - i < 16) return undefined;
  const year = digits(buf, i, 4, end);
  const month = digits(buf, i + 5, 2, end);
  const day = digits(buf, i + 8, 2, end);
  const hour = digits(buf, i + 11, 2, end);
  const minute = digits(buf, i + 14, 2, end);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 || minute < 0 || minute > 59)
    return undefined;
  if (
    buf[i + 4] !== 0x2d ||
    buf[i + 7] !== 0x2d ||
    (buf[i + 10] !== 0x54 && buf[i + 10] !== 0x20) ||
    buf[i + 13] !== 0x3a
  )
    return undefined;
  let k = i + 16;
  let second = 0;
  let ms = 0;
  if (k < end && buf[k] === 0x3a) {
    second = digits(buf, k + 1, 2, end);
    if (second < 0 || second > 60) return undefined;
    k += 3;
    if (k < end && (buf[k] === 0x2e || buf[k] === 0x2c)) {
      k++;
      let count = 0;
      for (; k < end && buf[k] >= 0x30 && buf[k] <= 0x39; k++) if (count++ < 3) ms = ms * 10 + buf[k] - 0x30;
      for (; count < 3; count++) ms *= 10;
    }
  }
  if (k + 1 < end && buf[k] === 0x20 && (buf[k + 1] === 0x5a || buf[k + 1] === 0x2b || buf[k + 1] === 0x2d)) k++;
  const zone = k < end ? buf[k] : -1;
  const within = second * 1000 + ms;
  if (zone === 0x5a) return utcMinute(year, month, day, hour, minute) + within;
  if (zone === 0x2b || zone === 0x2d) {
    const offsetHours = digits(buf, k + 1, 2, end);
    if (offsetHours >= 0) {
      const colon = k + 3 < end && buf[k + 3] === 0x3a ? 1 : 0;
      const offsetMinutes = Math.max(digits(buf, k + 3 + colon, 2, end), 0);
      const offset = (offsetHours * 60 + offsetMinutes) * (zone === 0x2b ? 1 : -1);
      return utcMinute(year, month, day, hour, minute) + within - offset * 60_000;
    }
  }
  return localMinute(year, month, day, hour, minute) + within;
}

// Consecutive lines mostly share their minute: its start is computed once (Date is the slow part).
let utcKey = -1;
let utcStart = 0;
let localKey = -1;
let localStart = 0;

function minuteKey(year: number, month: number, day: number, hour: number, minute: number): number {
  return (((year * 13 + month) * 32 + day) * 25 + hour) * 60 + minute;
}

function utcMinute(year: number, month: number, day: number, hour: number, minute: number): number {
  const key = minuteKey(year, month, day, hour, minute);
  if (key !== utcKey) {
    utcKey = key;
    utcStart = Date.UTC(year, month - 1, day, hour, minute);
  }
  return utcStart;
}

function localMinute(year: number, month: number, day: number, hour: number, minute: number): number {
  const key = minuteKey(year, month, day, hour, minute);
  if (key !== localKey) {
    localKey = key;
    localStart = new Date(year, month - 1, day, hour, minute).getTime();
  }
  return localStart;
}

/** The number written with `count` ASCII digits at buf[from], or -1. */
function digits(buf: Buffer, from: number, count: number, end: number): number {
  if (from + count > end) return -1;
  let n = 0;
  for (let k = from; k < from + count; k++) {
    const c = buf[k] - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
