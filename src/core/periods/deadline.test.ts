import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, defaultDeadline } from './deadline.js';
import { cutoffRange } from './period.js';

describe('default deadline', () => {
  it('is six days after the cut-off of Nghị định 09/2019', () => {
    expect(defaultDeadline(cutoffRange({ year: 2026, kind: 'Q3' }))).toBe('2026-09-20');
    expect(defaultDeadline(cutoffRange({ year: 2026, kind: 'H1' }))).toBe('2026-06-20');
    expect(defaultDeadline(cutoffRange({ year: 2026, kind: 'Y' }))).toBe('2026-12-20');
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-26', 6)).toBe('2024-03-03');
    expect(addDays('2023-02-26', 6)).toBe('2023-03-04');
    expect(addDays('2026-12-28', 6)).toBe('2027-01-03');
  });

  it('adding then removing days gives the date back', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        fc.integer({ min: -4000, max: 4000 }),
        (date, days) => {
          const iso = date.toISOString().slice(0, 10);
          expect(addDays(addDays(iso, days), -days)).toBe(iso);
        },
      ),
    );
  });
});
