/**
 * Limits on the ZIP containers of DOCX and XLSX files, so that a hostile or broken archive (a "zip bomb") is refused
 * from its central directory, before anything is inflated, and so that an entry whose real inflated size exceeds what
 * the directory declared is stopped while it is being read. Uses jszip's parsed central directory: no hand-written
 * zip parsing.
 */
import { inflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { ImportError } from './import-report.js';

export interface ArchiveLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Declared (and real) inflated size of any XML part we parse: word/document.xml, a worksheet, shared strings… */
  maxPartBytes: number;
  /** Declared inflated size of all entries together. */
  maxTotalBytes: number;
  /** Declared inflated size ÷ compressed size of any entry… */
  maxRatio: number;
  /** …once the entry declares at least this many inflated bytes (a tiny entry cannot be a bomb; the total limit bounds many of them). */
  ratioMinBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 2_000,
  maxPartBytes: 50 * MB,
  maxTotalBytes: 200 * MB,
  maxRatio: 200,
  ratioMinBytes: 1 * MB,
});

export function archiveLimits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...DEFAULT_ARCHIVE_LIMITS, ...overrides };
}

/** What jszip keeps, for an entry of a loaded archive, from the central directory (the private `_data`, see jszip's index.d.ts). */
interface DeclaredSizes {
  compressedSize: number;
  uncompressedSize: number;
}

function declaredSizes(entry: JSZip.JSZipObject): DeclaredSizes | null {
  const data = (entry as unknown as { _data?: unknown })._data;
  if (typeof data !== 'object' || data === null) return null;
  const { compressedSize, uncompressedSize } = data as Partial<DeclaredSizes>;
  if (typeof compressedSize !== 'number' || typeof uncompressedSize !== 'number') return null;
  if (!Number.isFinite(compressedSize) || !Number.isFinite(uncompressedSize) || compressedSize < 0 || uncompressedSize < 0) return null;
  return { compressedSize, uncompressedSize };
}

/** An XML part that a reader parses (as opposed to media, which is never inflated). */
function isParsedPart(name: string): boolean {
  return /\.(?:xml|rels)$/iu.test(name);
}

const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

function tooLarge(vi: string, en: string): ImportError {
  return new ImportError('too-large', vi, en);
}

function suspicious(en: string): ImportError {
  return new ImportError('unreadable', 'Tệp nén có cấu trúc bất thường (có thể là tệp độc hại), không thể đọc.', en);
}

/**
 * Opens a ZIP container. Only the central directory is read here; nothing is inflated.
 * Throws ImportError('unreadable', messageVi) when the bytes are not a readable zip.
 */
export async function openArchive(bytes: Uint8Array, messageVi: string, source: string): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (error) {
    throw new ImportError(
      'unreadable',
      messageVi,
      `${source}: not a readable zip archive (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * Refuses an archive from its central directory alone, before inflating anything: too many entries, an XML part or
 * the whole declared too large once inflated, or an entry compressed suspiciously well.
 */
export function checkArchive(zip: JSZip, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): void {
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) {
    throw tooLarge(
      `Tệp nén có quá nhiều thành phần (${entries.length}, tối đa ${limits.maxEntries}), không thể đọc.`,
      `archive has ${entries.length} entries (limit ${limits.maxEntries})`,
    );
  }
  let total = 0;
  for (const entry of entries) {
    if (entry.dir) continue;
    const sizes = declaredSizes(entry);
    if (!sizes) throw suspicious(`entry ${entry.name}: sizes missing from the central directory`);
    const { compressedSize, uncompressedSize } = sizes;
    if (isParsedPart(entry.name) && uncompressedSize > limits.maxPartBytes) {
      throw tooLarge(
        `Tệp quá lớn: phần ${entry.name} khi giải nén là ${mb(uncompressedSize)} (tối đa ${mb(limits.maxPartBytes)}).`,
        `entry ${entry.name} declares ${uncompressedSize} bytes inflated (limit ${limits.maxPartBytes})`,
      );
    }
    if (uncompressedSize >= limits.ratioMinBytes && uncompressedSize > limits.maxRatio * Math.max(compressedSize, 1)) {
      throw suspicious(
        `entry ${entry.name} declares a compression ratio of ${compressedSize === 0 ? '∞' : Math.round(uncompressedSize / compressedSize)} (limit ${limits.maxRatio})`,
      );
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw tooLarge(
        `Tệp quá lớn: nội dung khi giải nén vượt quá ${mb(limits.maxTotalBytes)}.`,
        `archive declares more than ${limits.maxTotalBytes} bytes inflated`,
      );
    }
  }
}

/** jszip's internal stream over an entry's inflated bytes (ZipObject#internalStream, untyped in its index.d.ts). */
interface EntryStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): EntryStream;
  on(event: 'error', listener: (error: unknown) => void): EntryStream;
  on(event: 'end', listener: () => void): EntryStream;
  resume(): EntryStream;
  pause(): EntryStream;
}

/**
 * Inflates one entry chunk by chunk, stopping as soon as the real size exceeds the declared size or `maxBytes`
 * (a lying central directory). With `keep` false the bytes are only counted. Resolves to the bytes (or an empty array).
 */
function inflateEntry(entry: JSZip.JSZipObject, maxBytes: number, keep: boolean): Promise<Uint8Array> {
  const declared = declaredSizes(entry)?.uncompressedSize ?? 0;
  const limit = Math.min(declared, maxBytes);
  const raw = rawContent(entry);
  if (raw) return inflateNative(entry, raw, declared, limit, maxBytes, keep);
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): EntryStream }).internalStream('uint8array');
    const fail = (error: ImportError) => {
      if (settled) return;
      settled = true;
      stream.pause();
      chunks.length = 0;
      reject(error);
    };
    stream
      .on('data', (chunk) => {
        if (settled) return;
        size += chunk.length;
        if (size > limit) {
          if (size > maxBytes) {
            fail(
              tooLarge(
                `Tệp quá lớn: phần ${entry.name} khi giải nén vượt quá ${mb(maxBytes)}.`,
                `entry ${entry.name} inflates beyond ${maxBytes} bytes`,
              ),
            );
          } else {
            fail(suspicious(`entry ${entry.name} inflates beyond its declared size of ${declared} bytes`));
          }
          return;
        }
        if (keep) chunks.push(chunk);
      })
      .on('error', (error) => {
        fail(
          new ImportError(
            'unreadable',
            'Tệp bị hỏng: không giải nén được nội dung.',
            `entry ${entry.name}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      })
      .on('end', () => {
        if (settled) return;
        settled = true;
        if (!keep) return resolve(new Uint8Array(0));
        const out = new Uint8Array(size);
        let at = 0;
        for (const chunk of chunks) {
          out.set(chunk, at);
          at += chunk.length;
        }
        resolve(out);
      })
      .resume();
  });
}

/** An entry's compressed bytes as jszip keeps them (its private `_data`), when stored or deflated; else null. */
function rawContent(entry: JSZip.JSZipObject): { method: 'store' | 'deflate'; bytes: Uint8Array } | null {
  const data = (entry as unknown as { _data?: { compressedContent?: unknown; compression?: { magic?: unknown } } })._data;
  const bytes = data?.compressedContent;
  const magic = data?.compression?.magic;
  if (!(bytes instanceof Uint8Array)) return null;
  if (magic === '\x00\x00') return { method: 'store', bytes };
  if (magic === '\x08\x00') return { method: 'deflate', bytes };
  return null;
}

/**
 * The same checks as the stream above, with Node's zlib (native; synchronous, as jszip's inflater is between its
 * chunks) instead of jszip's, which took a large share of a workbook's reading time: never more than `limit` + 1 bytes are inflated; an entry that
 * inflates beyond its declared size, or short of it, is refused.
 */
async function inflateNative(
  entry: JSZip.JSZipObject,
  raw: { method: 'store' | 'deflate'; bytes: Uint8Array },
  declared: number,
  limit: number,
  maxBytes: number,
  keep: boolean,
): Promise<Uint8Array> {
  const overLimit = () =>
    limit >= maxBytes
      ? tooLarge(`Tệp quá lớn: phần ${entry.name} khi giải nén vượt quá ${mb(maxBytes)}.`, `entry ${entry.name} inflates beyond ${maxBytes} bytes`)
      : suspicious(`entry ${entry.name} inflates beyond its declared size of ${declared} bytes`);
  const broken = (why: string) => new ImportError('unreadable', 'Tệp bị hỏng: không giải nén được nội dung.', `entry ${entry.name}: ${why}`);
  let out: Uint8Array;
  if (raw.method === 'store') {
    if (raw.bytes.length > limit) throw overLimit();
    out = raw.bytes;
  } else {
    try {
      out = inflateRawSync(raw.bytes, { maxOutputLength: limit + 1 });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw overLimit();
      throw broken(error instanceof Error ? error.message : String(error));
    }
    if (out.length > limit) throw overLimit();
  }
  // jszip refuses an entry whose inflated size differs from the declared one: so do we
  if (out.length !== declared) throw broken('uncompressed data size mismatch');
  if (!keep) return new Uint8Array(0);
  return raw.method === 'store' ? new Uint8Array(out) : new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The inflated bytes of one entry, never more than its declared size nor `limits.maxPartBytes`. */
export async function readArchiveEntry(zip: JSZip, name: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<Uint8Array> {
  const entry = zip.file(name);
  if (!entry) throw new ImportError('unreadable', 'Tệp bị hỏng: thiếu thành phần cần thiết.', `archive has no entry ${name}`);
  return inflateEntry(entry, isParsedPart(name) ? limits.maxPartBytes : limits.maxTotalBytes, true);
}

/**
 * Inflates every entry without keeping it, checking that each stays within its declared size and the limits, and that
 * all together stay within `limits.maxTotalBytes`. For readers (exceljs) that inflate the archive themselves.
 */
export async function verifyArchive(zip: JSZip, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<void> {
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await inflateEntry(entry, isParsedPart(entry.name) ? limits.maxPartBytes : limits.maxTotalBytes, false);
  }
}
