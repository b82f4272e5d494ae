import { createTenggatClient, type components } from '@tenggat/api-client';

export type Problem = components['schemas']['ProblemDetails'];

const SAFE = ['GET', 'HEAD', 'OPTIONS'];

/** A cookie the page may read (only tenggat_csrf is readable; the session cookie is HttpOnly). */
export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Listeners told when the API says the session is gone (401): the app returns to the login page. */
const expiredListeners = new Set<() => void>();
export const onSessionExpired = (fn: () => void): (() => void) => {
  expiredListeners.add(fn);
  return () => expiredListeners.delete(fn);
};

/**
 * The one API client of the console: the typed client generated from the OpenAPI document, with
 * the session cookie (same origin) and the CSRF token on every write. No token is ever held in
 * script, storage or a URL.
 */
export const api = createTenggatClient({ baseUrl: window.location.origin, credentials: 'same-origin' });

api.use({
  onRequest({ request }) {
    if (!SAFE.includes(request.method)) request.headers.set('X-CSRF-Token', readCookie('tenggat_csrf') ?? '');
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/v1/auth/')) for (const fn of expiredListeners) fn();
    return response;
  },
});

/** An API answer that was not a success: its status and problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The message for one field (problem.errors), if the API named it. */
  fieldError(field: string): string | undefined {
    return this.problem?.errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  }
}

const isProblem = (x: unknown): x is Problem =>
  typeof x === 'object' && x !== null && 'status' in x && 'code' in x && 'detail' in x;

/** The data of an openapi-fetch result, or an ApiError with the problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw new ApiError(result.response.status, isProblem(result.error) ? result.error : undefined);
}

/** For answers without a body (204): throws an ApiError unless the answer is a success. */
export function ensureOk(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) throw new ApiError(result.response.status, isProblem(result.error) ? result.error : undefined);
}

/** True when the request never reached the API (network down, server gone). */
export const isNetworkError = (e: unknown): boolean => e instanceof TypeError;
