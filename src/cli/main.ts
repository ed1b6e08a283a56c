/** The `cchc` command line. Each command calls services or the core, nothing more. */
import { readFileSync } from 'node:fs';
import { runImport } from './import-command.js';
import { runMigrate } from './migrate-command.js';
import { runServe } from './serve-command.js';
import { runAdmin } from './admin-command.js';
import { runAgencies } from './agencies-command.js';
import { runBackup, runRestore } from './backup-command.js';
import { runRender } from './render-command.js';
import { processIo, type CliIo } from './io.js';

const HELP = `cchc — hệ thống báo cáo cải cách hành chính

Cách dùng:
  cchc import [--json] <tệp…>   Nhập báo cáo cũ (.txt, .md, .docx, .xlsx); --json: mỗi tệp một dòng JSON
  cchc render <tệp> --format docx|xlsx -o <tệp kết quả>   Chuyển báo cáo cũ thành văn bản chuẩn (Nghị định 30/2020)
  cchc serve [--demo]           Chạy máy chủ web (PORT, mặc định 3000); --demo: tạo dữ liệu trình diễn khi CSDL còn trống
  cchc agencies import [--dry-run] <tệp .yaml|.csv>   Nạp cây cơ quan của tỉnh (thêm, cập nhật; --dry-run: chỉ kiểm tra)
  cchc admin create --username <u> --name "<họ tên>" [--agency <mã>]   Tạo quản trị viên đầu tiên (môi trường thật)
  cchc backup <tệp>             Sao lưu toàn bộ dữ liệu (DATABASE_URL hoặc CCHC_DATA_DIR) vào một tệp
  cchc restore [--force] <tệp>  Khôi phục từ tệp sao lưu (--force: ghi đè cơ sở dữ liệu đang có dữ liệu)
  cchc migrate                  Chuyển cơ sở dữ liệu lên phiên bản mới nhất (DATABASE_URL, hoặc CCHC_DATA_DIR / ./data)
  cchc --version                Phiên bản
  cchc --help                   Hướng dẫn này
`;

/** Runs one command; `env` holds the settings (DATABASE_URL, CCHC_DATA_DIR…), the process's own by default. */
export async function main(argv: string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'import':
      return runImport(rest, io);
    case 'migrate':
      return runMigrate(io, env);
    case 'render':
      return runRender(rest, io);
    case 'serve':
      return runServe(rest, io, env);
    case 'agencies':
      return runAgencies(rest, io, env);
    case 'admin':
      return runAdmin(rest, io, env);
    case 'backup':
      return runBackup(rest, io, env);
    case 'restore':
      return runRestore(rest, io, env);
    case '--version':
    case '-v': {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      io.out(pkg.version);
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.out(HELP);
      return 0;
    default:
      io.err(`cchc: lệnh không hợp lệ "${command}" (unknown command). Xem: cchc --help`);
      return 2;
  }
}
