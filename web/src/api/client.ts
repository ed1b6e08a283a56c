/** The API client: JSON over fetch, the session cookie sent by the browser, the CSRF token on every write. */
let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** An API refusal, with the Vietnamese message of its problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly body: Record<string, unknown>,
  ) {
    super(detail);
  }
}

/** What to tell the user about a failure: the server's Vietnamese message, or the page's own when there is none. */
export function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.detail : fallback;
}

export async function api<T>(path: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let sent: Promise<Response>;
  try {
    sent = fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), credentials: 'same-origin' });
  } catch (error) {
    sent = Promise.reject(error); // a body that cannot be written: told as a request that did not go
  }
  return readAnswer<T>(sent);
}

/** A request's answer read as the API's: its JSON body, or an ApiError (a failed connection is one, with status 0). */
export async function readAnswer<T>(sent: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await sent;
  } catch {
    throw new ApiError(0, 'network', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', {});
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiError(response.status, String(body['code'] ?? 'error'), String(body['detail'] ?? 'Lỗi không xác định.'), body);
  return body as T;
}
