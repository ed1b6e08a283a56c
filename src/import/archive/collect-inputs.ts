/**
 * The documents of a whole archive at once: the files named, every supported file inside the folders named (walked
 * recursively, symbolic links not followed), and every supported file inside the .zip archives named. A zip is
 * checked from its central directory before anything is inflated, as a DOCX is (archive-limits.ts: entries, sizes,
 * ratio); a zip inside a zip is refused, never opened; an entry larger than a document may be is refused before it is
 * inflated. Each document is read only when asked for (`read()`), so a large archive is never held in memory at once.
 */
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, checkArchive, openArchive, readArchiveEntry, type ArchiveLimits } from '../archive-limits.js';
import { ImportError } from '../import-error.js';

/** The extensions imported from inside a folder or an archive (a file named on the command line is read whatever its name). */
export const SUPPORTED_EXTENSIONS: ReadonlySet<string> = new Set(['.txt', '.md', '.docx', '.xlsx', '.pdf', '.doc', '.xls']);

/** A document larger than this is refused before it is read. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export interface InputDocument {
  /** Where it came from: its path, or "archive.zip/folder/file.docx" for an entry of an archive. */
  source: string;
  /** Its own file name, for the readers' messages. */
  fileName: string;
  read(): Promise<Uint8Array>;
}

/** A file, folder or archive entry that gives no document, with why (an ImportError). */
export interface InputRefusal {
  source: string;
  error: ImportError;
}

export interface CollectedInputs {
  documents: InputDocument[];
  refused: InputRefusal[];
}

const isZipName = (name: string) => extname(name).toLowerCase() === '.zip';
const isSupported = (name: string) => SUPPORTED_EXTENSIONS.has(extname(name).toLowerCase());
const isHidden = (name: string) => basename(name).startsWith('.') || basename(name).startsWith('~$');

function unreadable(path: string): ImportError {
  return new ImportError('unreadable', 'Không đọc được tệp (không tồn tại hoặc không có quyền đọc).', `cannot read ${path}`);
}

function tooLarge(source: string, size: number, limit = MAX_DOCUMENT_BYTES): ImportError {
  return new ImportError('too-large', `Tệp quá lớn (tối đa ${limit / 1024 / 1024} MB).`, `${source} is ${size} bytes, over the ${limit} limit`);
}

async function readFileDocument(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw unreadable(path);
  }
  if (size === 0) throw new ImportError('empty', 'Tệp rỗng.', `${path} is empty`);
  if (size > MAX_DOCUMENT_BYTES) throw tooLarge(path, size);
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw unreadable(path);
  }
}

/** The inflated size an entry declares in the central directory (checked by checkArchive). */
function declaredSize(entry: unknown): number {
  const data = (entry as { _data?: { uncompressedSize?: unknown } })._data;
  return typeof data?.uncompressedSize === 'number' ? data.uncompressedSize : 0;
}

/** The supported documents of a zip archive; nested archives refused. */
async function collectZip(path: string, limits: ArchiveLimits, out: CollectedInputs): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileDocument(path);
  } catch (error) {
    out.refused.push({ source: path, error: error as ImportError });
    return;
  }
  await collectZipBytes(bytes, path, limits, out);
}

/** The supported documents of a zip archive's bytes (named `path` in sources and messages); nested archives refused. */
async function collectZipBytes(
  bytes: Uint8Array,
  path: string,
  limits: ArchiveLimits,
  out: CollectedInputs,
  maxDocumentBytes = MAX_DOCUMENT_BYTES,
): Promise<void> {
  try {
    const zip = await openArchive(bytes, 'Tệp nén .zip bị hỏng hoặc không đúng định dạng.', path);
    checkArchive(zip, limits);
    const entries = Object.values(zip.files)
      .filter((e) => !e.dir)
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const source = `${path}/${entry.name}`;
      const fileName = basename(entry.name);
      if (isHidden(entry.name) || entry.name.startsWith('__MACOSX/')) continue;
      if (isZipName(entry.name)) {
        out.refused.push({
          source,
          error: new ImportError(
            'unsupported',
            'Tệp nén nằm trong tệp nén không được hỗ trợ: hãy giải nén tệp bên trong rồi nhập riêng.',
            `${source}: nested zip archive refused`,
          ),
        });
        continue;
      }
      if (!isSupported(entry.name)) continue;
      const size = declaredSize(entry);
      if (size > maxDocumentBytes) {
        out.refused.push({ source, error: tooLarge(source, size, maxDocumentBytes) });
        continue;
      }
      out.documents.push({
        source,
        fileName,
        read: async () => {
          // never more than the entry declared, nor more than a document may be
          const inflated = await readArchiveEntry(zip, entry.name, { ...limits, maxTotalBytes: Math.min(limits.maxTotalBytes, maxDocumentBytes) });
          if (inflated.length === 0) throw new ImportError('empty', 'Tệp rỗng.', `${source} is empty`);
          return inflated;
        },
      });
    }
  } catch (error) {
    out.refused.push({
      source: path,
      error: error instanceof ImportError ? error : new ImportError('unreadable', 'Tệp nén .zip bị hỏng.', `${path}: ${String(error)}`),
    });
  }
}

async function collectFolder(path: string, limits: ArchiveLimits, out: CollectedInputs, depth: number): Promise<void> {
  if (depth > 32) return;
  let names: string[];
  try {
    names = (await readdir(path)).sort((a, b) => a.localeCompare(b));
  } catch {
    out.refused.push({ source: path, error: unreadable(path) });
    return;
  }
  for (const name of names) {
    if (isHidden(name)) continue;
    const child = join(path, name);
    const info = await lstat(child).catch(() => null);
    if (!info || info.isSymbolicLink()) continue;
    if (info.isDirectory()) await collectFolder(child, limits, out, depth + 1);
    else if (info.isFile() && isZipName(name)) await collectZip(child, limits, out);
    else if (info.isFile() && isSupported(name)) out.documents.push({ source: child, fileName: name, read: () => readFileDocument(child) });
  }
}

/** Every document the paths name, in order (folders and archives in name order), and what was refused. */
export async function collectInputs(paths: readonly string[], limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<CollectedInputs> {
  const out: CollectedInputs = { documents: [], refused: [] };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) await collectFolder(path, limits, out, 0);
    else if (info?.isFile() && isZipName(path)) await collectZip(path, limits, out);
    // a file named is read whatever its name; one that cannot be read says so when it is read
    else out.documents.push({ source: path, fileName: basename(path), read: () => readFileDocument(path) });
  }
  return out;
}

/** A file uploaded through the browser: its name (without a client's path) and bytes. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * The documents of files uploaded at once (the browser's batch import): each file a document, each .zip archive the
 * supported documents inside it (checked and refused as `collectInputs` does: nested archives, entries over
 * `maxDocumentBytes`, a bomb's ratio). A file that is not a .zip is taken whatever its extension: the readers decide
 * by content.
 */
export async function collectUploads(
  files: readonly UploadedFile[],
  options: { limits?: ArchiveLimits; maxDocumentBytes?: number } = {},
): Promise<CollectedInputs> {
  const limits = options.limits ?? DEFAULT_ARCHIVE_LIMITS;
  const max = options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  const out: CollectedInputs = { documents: [], refused: [] };
  for (const file of files) {
    if (isZipName(file.name)) {
      await collectZipBytes(file.bytes, file.name, limits, out, max);
      continue;
    }
    if (file.bytes.length === 0) out.refused.push({ source: file.name, error: new ImportError('empty', 'Tệp rỗng.', `${file.name} is empty`) });
    else if (file.bytes.length > max) out.refused.push({ source: file.name, error: tooLarge(file.name, file.bytes.length, max) });
    else out.documents.push({ source: file.name, fileName: basename(file.name), read: async () => file.bytes });
  }
  return out;
}
