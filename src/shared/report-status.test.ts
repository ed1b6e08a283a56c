import { describe, expect, it } from 'vitest';
import { ACCOUNT_ROLES } from './account-schemas.js';
import { actorSchema, boardSchema, commentSchema, reportSchema, reportSummarySchema, savedValuesSchema } from './api-schemas.js';
import {
  COMMENT_KIND_LABEL,
  COMMENT_KINDS,
  REPORT_STATUS_COLOR,
  REPORT_STATUS_LABEL,
  REPORT_STATUSES,
  reportStatusColor,
  reportStatusLabel,
  TIMELINESS,
  TIMELINESS_LABEL,
} from './report-status.js';
import { ROLE_HINT, ROLE_LABEL, roleLabel } from './role-labels.js';

const sorted = (values: readonly string[]) => [...values].sort();

describe('report status labels', () => {
  it('name every state the API sends, each differently, with a colour', () => {
    const row = boardSchema.shape.rows.element.shape;
    for (const schema of [reportSchema.shape.status, reportSummarySchema.shape.status, savedValuesSchema.shape.status, row.status]) {
      expect(sorted(schema.options)).toEqual(sorted(REPORT_STATUSES));
    }
    expect(sorted(Object.keys(REPORT_STATUS_LABEL))).toEqual(sorted(REPORT_STATUSES));
    expect(sorted(Object.keys(REPORT_STATUS_COLOR))).toEqual(sorted(REPORT_STATUSES));
    expect(new Set(Object.values(REPORT_STATUS_LABEL)).size).toBe(REPORT_STATUSES.length);
    expect(new Set(Object.values(REPORT_STATUS_COLOR)).size).toBe(REPORT_STATUSES.length);
  });

  it('are the Vietnamese words users know', () => {
    expect(reportStatusLabel('submitted')).toBe('Đã nộp');
    expect(reportStatusLabel('returned')).toBe('Bị trả lại');
    expect(reportStatusLabel('draft')).toBe('Đang soạn');
    expect(reportStatusColor('returned')).toBe('red');
  });

  it('show an unknown state as it comes, in gray, rather than as nothing', () => {
    expect(reportStatusLabel('archived')).toBe('archived');
    expect(reportStatusColor('archived')).toBe('gray');
  });

  it('name every timeliness of a board row and every kind of comment', () => {
    expect(sorted(boardSchema.shape.rows.element.shape.timeliness.options)).toEqual(sorted(TIMELINESS));
    expect(sorted(Object.keys(TIMELINESS_LABEL))).toEqual(sorted(TIMELINESS));
    expect(sorted(commentSchema.shape.kind.options)).toEqual(sorted(COMMENT_KINDS));
    expect(sorted(Object.keys(COMMENT_KIND_LABEL))).toEqual(sorted(COMMENT_KINDS));
  });
});

describe('role labels', () => {
  it('name and explain every role an account or a signed-in actor can have', () => {
    expect(sorted(actorSchema.shape.role.options)).toEqual(sorted(ACCOUNT_ROLES));
    expect(sorted(Object.keys(ROLE_LABEL))).toEqual(sorted(ACCOUNT_ROLES));
    expect(sorted(Object.keys(ROLE_HINT))).toEqual(sorted(ACCOUNT_ROLES));
    expect(new Set(Object.values(ROLE_LABEL)).size).toBe(ACCOUNT_ROLES.length);
    expect(roleLabel('approver')).toBe('Lãnh đạo đơn vị');
    expect(roleLabel('auditor')).toBe('auditor');
  });
});
