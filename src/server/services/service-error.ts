/** A refusal a service returns to its caller: an HTTP status, a Vietnamese message for users, an English one for logs. */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429,
    readonly code: string,
    readonly messageVi: string,
    message: string,
    /** Extra fields for the problem document (e.g. the current state on a 409). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (what: string, id: string) =>
  new ServiceError(404, 'not-found', 'Không tìm thấy dữ liệu yêu cầu.', `${what} ${id} not found`);

/** Outside an actor's agencies a record is reported as absent, so ids of other agencies reveal nothing. */
export const forbidden = (what: string) => new ServiceError(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này.', `not allowed: ${what}`);

/** The Vietnamese messages of a stale write: after a save the user saves again, after a workflow step they act again. */
export const STALE_VERSION_VI = {
  save: 'Báo cáo vừa được người khác cập nhật. Hãy xem bản mới nhất rồi lưu lại.',
  act: 'Báo cáo vừa được người khác cập nhật. Hãy xem bản mới nhất rồi thực hiện lại.',
} as const;

/**
 * 409 stale-version: the write carried a version the report no longer has (or was made from a state that no longer
 * holds); nothing was written. `details` tell the page the current state (`currentVersion`, and `current` when known).
 */
export const staleVersion = (log: string, details: Record<string, unknown> = {}, messageVi: string = STALE_VERSION_VI.save) =>
  new ServiceError(409, 'stale-version', messageVi, log, details);

/** 409 report-locked: a submitted or accepted report is not edited, whatever version the writer read. */
export const reportLocked = (report: { id: string; status: string; version: number }, details: Record<string, unknown> = {}) =>
  new ServiceError(409, 'report-locked', 'Báo cáo đã nộp hoặc đã được duyệt nên không sửa được.', `report ${report.id} is ${report.status}`, {
    currentVersion: report.version,
    reportStatus: report.status,
    ...details,
  });
