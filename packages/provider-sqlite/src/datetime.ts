/**
 * DateTime default literals. SQLite has no date type: a DATETIME default is the text it stores.
 *
 * - The IR carries a DateTime literal as RFC 3339 text (what the schema writes:
 *   `"2018-01-27T08:00:00Z"`).
 * - The database gets Prisma's spelling, `'2018-01-27 08:00:00 +00:00'`: the offset as written
 *   (`Z` is `+00:00`), and 0, 3, 6 or 9 fraction digits (none for a whole second, then the fewest
 *   of 3/6/9 that hold it), so a database Prisma made and one strata made hold the same text.
 * - Introspection reads any of these spellings (Prisma's, RFC 3339 as strata wrote it before,
 *   SQLite's own `2018-01-27 08:00:00` in UTC) back to RFC 3339, and the differ compares two such
 *   defaults by the instant they denote, so a database holding an older spelling shows no drift.
 */

export interface DateTimeLiteral {
  /** `YYYY-MM-DD` */
  readonly date: string;
  /** `HH:MM:SS` */
  readonly time: string;
  /** Nanoseconds of the fraction, 0-999,999,999. */
  readonly nanos: number;
  /** Offset from UTC in minutes. */
  readonly offsetMinutes: number;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:\s*([Zz]|[+-]\d{2}:?\d{2}))?$/;

/** Parses RFC 3339, Prisma's `2018-01-27 08:00:00.123 +00:00`, or an offset-less SQLite datetime (UTC). */
export function parseDateTime(text: string): DateTimeLiteral | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, date, time, fraction, offset] = match as unknown as [string, string, string, string?, string?];
  const [month, day] = date.slice(5).split('-').map(Number) as [number, number];
  const [hours, minutes, seconds] = time.split(':').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  return {
    date,
    time,
    // Digits past nanoseconds are cut, as Prisma's parser does.
    nanos: fraction === undefined ? 0 : Number(fraction.slice(0, 9).padEnd(9, '0')),
    offsetMinutes: offset === undefined ? 0 : offsetMinutesOf(offset),
  };
}

function offsetMinutesOf(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return offset.startsWith('-') ? -minutes : minutes;
}

/** `.123`, `.123400`, `.123456789`, or nothing: the fewest of 0/3/6/9 digits that hold the fraction. */
function fractionText(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos).padStart(9, '0');
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1_000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Prisma's literal: `2018-01-27 08:00:00.123 +00:00`. */
export function prismaDateTimeText(value: DateTimeLiteral): string {
  return `${value.date} ${value.time}${fractionText(value.nanos)} ${offsetText(value.offsetMinutes)}`;
}

/** RFC 3339, `Z` for UTC: `2018-01-27T08:00:00.123Z`. */
export function rfc3339Text(value: DateTimeLiteral): string {
  const offset = value.offsetMinutes === 0 ? 'Z' : offsetText(value.offsetMinutes);
  return `${value.date}T${value.time}${fractionText(value.nanos)}${offset}`;
}

/** The instant, as text that sorts and compares: UTC seconds since the epoch and nanoseconds. */
export function instantKey(value: DateTimeLiteral): string {
  const [year, month, day] = value.date.split('-').map(Number) as [number, number, number];
  const [hours, minutes, seconds] = value.time.split(':').map(Number) as [number, number, number];
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hours, minutes - value.offsetMinutes, seconds, 0);
  return `${at.getTime() / 1000}.${String(value.nanos).padStart(9, '0')}`;
}
