/* Business hours: weekends (UTC) do not count. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { businessHoursBefore, businessHoursBetween } from "./business-hours.ts";

const at = (iso: string) => new Date(iso);

test("hours over a weekend count Friday and Monday only", () => {
  // Friday 27 November 2026, 20:00 → Monday 30 November, 04:00: 4 + 4 hours.
  assert.equal(businessHoursBetween(at("2026-11-27T20:00:00Z"), at("2026-11-30T04:00:00Z")), 8);
  assert.equal(businessHoursBetween(at("2026-11-28T09:00:00Z"), at("2026-11-29T23:00:00Z")), 0, "Saturday to Sunday is nothing");
  assert.equal(businessHoursBetween(at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z")), 120, "a whole week is five days");
  assert.equal(businessHoursBetween(at("2026-11-25T10:00:00Z"), at("2026-11-25T10:30:00Z")), 0.5);
  assert.equal(businessHoursBetween(at("2026-11-25T10:00:00Z"), at("2026-11-24T10:00:00Z")), 0, "backwards is nothing");
});

test("the instant a given number of business hours before now skips the weekend", () => {
  assert.deepEqual(businessHoursBefore(at("2026-11-30T04:00:00Z"), 8), at("2026-11-27T20:00:00Z"));
  assert.deepEqual(businessHoursBefore(at("2026-11-30T04:00:00Z"), 4), at("2026-11-30T00:00:00Z"));
  assert.deepEqual(businessHoursBefore(at("2026-11-29T12:00:00Z"), 1), at("2026-11-27T23:00:00Z"), "from a Sunday");
  for (const hours of [0, 1, 23.5, 24, 50, 130]) {
    const now = at("2026-12-01T09:15:00Z");
    assert.equal(businessHoursBetween(businessHoursBefore(now, hours), now), hours, `${hours} hours`);
  }
});
