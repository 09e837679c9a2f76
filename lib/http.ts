import 'server-only';
import { forbidden, notFound } from 'next/navigation';
import { ForbiddenError, NotFoundError } from '@/lib/data/errors';

/** Turns the data layer's refusals into the 404 and 403 pages (before anything streams). */
export async function orHttpError<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) forbidden();
    throw error;
  }
}
