/** Where CI keeps the real sample reports. Tests that read them run only when the folder is there, and say so. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'samples');
export const samplesPresent = existsSync(SAMPLES_DIR);

if (!samplesPresent) {
  console.warn(`[cchc] ../shared/samples not found at ${SAMPLES_DIR}: tests against the real sample reports are SKIPPED.`);
}

export function readSample(file: string): string {
  return readFileSync(join(SAMPLES_DIR, file), 'utf8');
}
