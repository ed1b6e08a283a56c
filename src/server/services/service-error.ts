/** A refusal a service returns to its caller: an HTTP status, a Vietnamese message for users, an English one for logs. */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429,
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
