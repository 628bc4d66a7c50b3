/*
 * The age of a request in business hours: the time between two instants
 * that falls on Monday to Friday, counted in UTC (the ERNs span several
 * time zones; public holidays are not known). The user guides promise a
 * decision "within 24 hours (not including weekends)".
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const isWeekend = (dayStart: number) => {
  const weekday = new Date(dayStart).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** Business hours from `from` to `to` (0 if `to` is not after `from`). */
export function businessHoursBetween(from: Date, to: Date): number {
  let total = 0;
  let cursor = from.getTime();
  const end = to.getTime();
  while (cursor < end) {
    const dayStart = cursor - (cursor % DAY);
    const next = Math.min(dayStart + DAY, end);
    if (!isWeekend(dayStart)) total += next - cursor;
    cursor = next;
  }
  return total / HOUR;
}

/** The latest instant from which `hours` business hours have passed by `now`: requests at or before it are at least that old. */
export function businessHoursBefore(now: Date, hours: number): Date {
  let remaining = hours * HOUR;
  let cursor = now.getTime();
  while (true) {
    const dayStart = cursor - (cursor % DAY) - (cursor % DAY === 0 ? DAY : 0);
    const span = cursor - dayStart;
    if (!isWeekend(dayStart)) {
      if (span >= remaining) return new Date(cursor - remaining);
      remaining -= span;
    }
    cursor = dayStart;
  }
}
