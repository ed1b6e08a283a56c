/** Signing in through the API in tests, and the headers of a signed-in request (cookie and CSRF token). */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { roundBody, roundSchema } from '../shared/api-schemas.js';
import { SESSION_COOKIE } from '../server/app.js';
import { PASSWORD } from './world.js';

export interface TestSession {
  cookie: string;
  csrf: string;
}

export async function signIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<TestSession> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
  return { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrf: response.json().csrfToken };
}

export const as = (s: TestSession) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

/** Opens a round through the API as `session` (the Sở Nội vụ's); the round as the API answers it. */
export async function openRound(app: FastifyInstance, session: TestSession, round: z.input<typeof roundBody>): Promise<z.infer<typeof roundSchema>> {
  const response = await app.inject({ method: 'POST', url: '/api/rounds', headers: as(session), payload: round });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
