import { ImportError } from '../import/import-error.js';

/** Awaits a promise that must fail with an ImportError, and returns that error (any other outcome fails the test). */
export async function importError(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw new Error(`expected an ImportError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an ImportError, got a result');
}
