import type { FastifyRequest } from 'fastify';
import { DomainError, type FieldErrors } from '../errors.js';

/** The posted form as plain strings (the CSRF field removed). */
export function formValues(req: FastifyRequest): Record<string, string> {
  const body = req.body;
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === '_csrf') continue;
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
    }
  }
  return out;
}

/** Runs a form action; a domain error with a 4xx status becomes `{ errors, message, status }` for re-rendering. */
export async function tryForm<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors; message: string; status: number }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof DomainError && err.status < 500 && err.status !== 404 && err.status !== 401) {
      return { ok: false, errors: err.fields, message: err.message, status: err.status };
    }
    throw err;
  }
}
