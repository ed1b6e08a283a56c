/**
 * Reads an uploaded report whatever its format, chosen by content rather than by file name: a ZIP container holding
 * word/document.xml is a DOCX, one holding xl/workbook.xml an XLSX; a PDF goes to the PDF reader, a Word or Excel
 * 97–2003 file through LibreOffice (legacy-office/); otherwise text (UTF-8, or UTF-16 with a byte
 * order mark, or failing that Vietnamese in one of the old encodings: Windows-1258, TCVN3, VNI — converted to Unicode
 * NFC) goes to the text reader. Anything else is refused with an ImportError.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ARCHIVE_LIMITS, checkArchive, openArchive } from './archive-limits.js';
import { readDocxReport } from './docx/docx-reader.js';
import { ImportError } from './import-report.js';
import { convertLegacyOffice, legacyKindOf } from './legacy-office/libreoffice.js';
import { decodeLegacyText } from './legacy-encodings.js';
import { readPdfReport } from './pdf/pdf-reader.js';
import type { SourceDocument } from './source-document.js';
import { readTextReport } from './text/text-reader.js';
import { readXlsxReport } from './xlsx/xlsx-reader.js';

/** Text files larger than this are refused. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

const UNSUPPORTED_VI = 'Định dạng tệp không được hỗ trợ (chỉ nhận .txt, .md, .docx, .xlsx, .pdf, .doc, .xls).';
const EMPTY_VI = 'Tệp không có nội dung.';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04"
const ZIP_EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06]; // "PK\x05\x06": an archive with no entries
const OLE_COMPOUND = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // legacy .doc / .xls
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

function unsupported(fileName: string, what: string): ImportError {
  return new ImportError('unsupported', UNSUPPORTED_VI, `${fileName}: unsupported file format (${what})`);
}

/** The text of a text file, or null when the bytes are not text. */
function decodeText(bytes: Uint8Array): string | null {
  try {
    if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
      let body = bytes.subarray(2);
      if (body.length % 2 !== 0) return null;
      if (startsWith(bytes, UTF16BE_BOM)) {
        const swapped = new Uint8Array(body.length);
        for (let i = 0; i < body.length; i += 2) {
          swapped[i] = body[i + 1]!;
          swapped[i + 1] = body[i]!;
        }
        body = swapped;
      }
      const text = new TextDecoder('utf-16le', { fatal: true }).decode(body);
      return text.includes('\u0000') ? null : text;
    }
    const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
    if (body.includes(0)) return null;
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

/** The text of a file in an old Vietnamese encoding (Windows-1258, TCVN3, VNI), in Unicode NFC; null when it reads as none. */
function decodeLegacy(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  return decodeLegacyText(bytes)?.text ?? null;
}

async function readArchiveReport(bytes: Uint8Array, fileName: string): Promise<SourceDocument> {
  const zip = await openArchive(bytes, 'Tệp bị hỏng hoặc không đúng định dạng.', fileName);
  checkArchive(zip, DEFAULT_ARCHIVE_LIMITS);
  if (zip.file('word/document.xml')) return readDocxReport(bytes, fileName, undefined, zip);
  if (zip.file('xl/workbook.xml')) return readXlsxReport(bytes, fileName, undefined, zip);
  throw unsupported(fileName, 'a zip archive that is neither DOCX nor XLSX');
}

/** A Word or Excel 97–2003 file, converted by LibreOffice and read as the DOCX or XLSX it becomes. */
async function readLegacyOfficeReport(bytes: Uint8Array, fileName: string): Promise<SourceDocument> {
  const kind = legacyKindOf(bytes);
  if (!kind) throw unsupported(fileName, 'an OLE compound file that is neither a Word nor an Excel 97-2003 file');
  const converted = await convertLegacyOffice(bytes, fileName, kind);
  return readArchiveReport(converted, fileName);
}

/** Reads a report and records the SHA-256 of its bytes (which file each value came from, whatever its name). */
export async function readReport(bytes: Uint8Array, fileName: string): Promise<SourceDocument> {
  const doc = await readReportBytes(bytes, fileName);
  return { ...doc, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function readReportBytes(bytes: Uint8Array, fileName: string): Promise<SourceDocument> {
  if (bytes.length === 0) throw new ImportError('empty', EMPTY_VI, `${fileName}: the file is empty`);
  if (startsWith(bytes, ZIP_LOCAL_HEADER) || startsWith(bytes, ZIP_EMPTY_ARCHIVE)) return readArchiveReport(bytes, fileName);
  if (startsWith(bytes, OLE_COMPOUND)) return readLegacyOfficeReport(bytes, fileName);
  if (startsWith(bytes, PDF_SIGNATURE)) return readPdfReport(bytes, fileName);
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new ImportError(
      'too-large',
      `Tệp quá lớn (tối đa ${MAX_TEXT_BYTES / 1024 / 1024} MB đối với tệp văn bản).`,
      `${fileName}: text file of ${bytes.length} bytes (limit ${MAX_TEXT_BYTES})`,
    );
  }
  const text = decodeText(bytes) ?? decodeLegacy(bytes);
  if (text === null) throw unsupported(fileName, 'not a ZIP container and not text in UTF-8, UTF-16, Windows-1258, TCVN3 or VNI');
  const doc = readTextReport(text, fileName);
  if (doc.blocks.length === 0) throw new ImportError('empty', EMPTY_VI, `${fileName}: the file has no text`);
  return doc;
}
