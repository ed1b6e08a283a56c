/**
 * Word 97–2003 (.doc) and Excel 97–2003 (.xls) files, converted to DOCX and XLSX by LibreOffice headless, when it is
 * installed (Debian: `libreoffice-writer`, `libreoffice-calc`), then read by the DOCX and XLSX readers. Each
 * conversion runs in its own LibreOffice process with a time limit (killed when it runs over), one at a time per
 * process, with a private LibreOffice profile, in a temporary directory removed afterwards. Without LibreOffice the
 * file is refused with a message saying what to install.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImportError } from '../import-error.js';

export type LegacyKind = 'doc' | 'xls';

/** A conversion taking longer than this is stopped. */
export const CONVERSION_TIMEOUT_MS = 60_000;

export const LIBREOFFICE_MISSING_VI =
  'Chưa đọc được tệp Word/Excel 97–2003 (.doc, .xls) vì máy chủ chưa cài LibreOffice. Quản trị viên hãy cài bằng lệnh: ' +
  'sudo apt-get install libreoffice-writer libreoffice-calc — hoặc mở tệp bằng Word/Excel, lưu lại dưới dạng .docx/.xlsx rồi nhập lại.';

/** An OLE compound file's directory names its streams in UTF-16LE: "WordDocument" in a .doc, "Workbook"/"Book" in an .xls. */
function utf16(name: string): Buffer {
  return Buffer.from(name, 'utf16le');
}
const WORD_STREAM = utf16('WordDocument');
const WORKBOOK_STREAMS = [utf16('Workbook'), utf16('Book\u0000')];

/** What a legacy Office file holds, from its streams' names; null for another OLE file (.ppt, .msg …). */
export function legacyKindOf(bytes: Uint8Array): LegacyKind | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(WORD_STREAM)) return 'doc';
  if (WORKBOOK_STREAMS.some((s) => buffer.includes(s))) return 'xls';
  return null;
}

/** The LibreOffice executable on PATH (`soffice`, else `libreoffice`), or null. */
export async function findLibreOffice(path = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** One conversion at a time per process: LibreOffice locks its profile. */
let queue: Promise<unknown> = Promise.resolve();
let profile: Promise<string> | null = null;

function run(executable: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(executable, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const timedOut = (error as { killed?: boolean }).killed === true;
      reject(Object.assign(error, { timedOut, stderr: String(stderr).slice(0, 500) }));
    });
  });
}

export interface ConvertOptions {
  timeoutMs?: number;
  /** The PATH to look for LibreOffice on (the process's by default). */
  path?: string;
}

/**
 * The DOCX (from a .doc) or XLSX (from an .xls) LibreOffice makes of `bytes`. Throws ImportError: 'unsupported'
 * when LibreOffice is not installed (what to install), 'unreadable' when it fails or runs over the time limit.
 */
export async function convertLegacyOffice(bytes: Uint8Array, fileName: string, kind: LegacyKind, options: ConvertOptions = {}): Promise<Uint8Array> {
  const executable = await findLibreOffice(options.path);
  if (!executable) {
    throw new ImportError(
      'unsupported',
      LIBREOFFICE_MISSING_VI,
      `${fileName}: a ${kind === 'doc' ? 'Word' : 'Excel'} 97-2003 file needs LibreOffice (soffice), not found on PATH: install libreoffice-writer and libreoffice-calc`,
    );
  }
  const job = queue.then(() => convertWith(executable, bytes, fileName, kind, options.timeoutMs ?? CONVERSION_TIMEOUT_MS));
  queue = job.catch(() => undefined);
  return job;
}

async function convertWith(executable: string, bytes: Uint8Array, fileName: string, kind: LegacyKind, timeoutMs: number): Promise<Uint8Array> {
  profile ??= mkdtemp(join(tmpdir(), 'cchc-lo-profile-'));
  const profileDir = await profile;
  const work = await mkdtemp(join(tmpdir(), 'cchc-lo-'));
  try {
    const input = join(work, `input.${kind}`);
    await writeFile(input, bytes);
    const target = kind === 'doc' ? 'docx:MS Word 2007 XML' : 'xlsx:Calc MS Excel 2007 XML';
    try {
      await run(
        executable,
        [
          `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
          '--headless',
          '--norestore',
          '--nolockcheck',
          '--nodefault',
          '--convert-to',
          target,
          '--outdir',
          join(work, 'out'),
          input,
        ],
        timeoutMs,
      );
    } catch (error) {
      const timedOut = (error as { timedOut?: boolean }).timedOut === true;
      throw new ImportError(
        'unreadable',
        timedOut
          ? `Chuyển đổi tệp ${kind === 'doc' ? 'Word' : 'Excel'} 97–2003 quá lâu (quá ${Math.round(timeoutMs / 1000)} giây) nên đã dừng. Hãy lưu tệp dưới dạng ${kind === 'doc' ? '.docx' : '.xlsx'} rồi nhập lại.`
          : `Không chuyển đổi được tệp ${kind === 'doc' ? 'Word' : 'Excel'} 97–2003 (tệp có thể bị hỏng). Hãy mở tệp, lưu lại dưới dạng ${kind === 'doc' ? '.docx' : '.xlsx'} rồi nhập lại.`,
        `${fileName}: LibreOffice conversion ${timedOut ? `timed out after ${timeoutMs} ms` : `failed (${error instanceof Error ? error.message : String(error)})`}`,
      );
    }
    const produced = (await readdir(join(work, 'out')).catch(() => [])).find((f) => f.endsWith(kind === 'doc' ? '.docx' : '.xlsx'));
    if (!produced) {
      throw new ImportError(
        'unreadable',
        `Không chuyển đổi được tệp ${kind === 'doc' ? 'Word' : 'Excel'} 97–2003 (tệp có thể bị hỏng hoặc được đặt mật khẩu).`,
        `${fileName}: LibreOffice produced no ${kind === 'doc' ? 'DOCX' : 'XLSX'}`,
      );
    }
    return new Uint8Array(await readFile(join(work, 'out', produced)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
