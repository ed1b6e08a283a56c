import { describe, expect, it } from 'vitest';
import type { Finding } from '@core/checks/finding.js';
import { findingsByFirstRow, severityPrefix, worstSeverity } from './findings.js';

const finding = (rule: string, severity: Finding['severity'], rows: string[]): Finding => ({
  rule,
  kind: 'sum',
  severity,
  rows,
  expected: null,
  found: null,
  message: `message ${rule}`,
});

describe('findings in a grid', () => {
  it('sit on the first row they name, in their order', () => {
    const sum = finding('sum:1', 'error', ['1', '1.1', '1.2']);
    const ratio = finding('ratio:2', 'warning', ['2', '1']);
    const again = finding('required:1', 'warning', ['1']);
    const byRow = findingsByFirstRow([sum, ratio, again, finding('none', 'error', [])]);
    expect([...byRow.keys()]).toEqual(['1', '2']);
    expect(byRow.get('1')).toEqual([sum, again]);
    expect(byRow.get('2')).toEqual([ratio]);
    expect(byRow.has('1.1')).toBe(false);
  });

  it('tint a row by the worst of its findings', () => {
    expect(worstSeverity([])).toBeNull();
    expect(worstSeverity([{ severity: 'warning' }])).toBe('warning');
    expect(worstSeverity([{ severity: 'warning' }, { severity: 'error' }])).toBe('error');
  });

  it('say whether each is an error or a warning', () => {
    expect(severityPrefix('error')).toBe('Lỗi: ');
    expect(severityPrefix('warning')).toBe('Cảnh báo: ');
  });
});
