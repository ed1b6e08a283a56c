/** The `cchc` command line. Each command calls services or the core, nothing more. */
import { readFileSync } from 'node:fs';
import { runImport } from './import-command.js';
import { runMigrate } from './migrate-command.js';
import { runServe } from './serve-command.js';
import { runAdmin } from './admin-command.js';
import { runAgencies } from './agencies-command.js';
import { runBackup, runRestore } from './backup-command.js';
import { runRender } from './render-command.js';
import { runDemo } from './demo-command.js';
import { processIo, type CliIo } from './io.js';

const HELP = `cchc — hệ thống báo cáo cải cách hành chính

Cách dùng:
  cchc import [--json] [--save] <tệp|thư mục|.zip…>   Nhập báo cáo cũ (.txt, .md, .docx, .xlsx, .pdf, .doc, .xls); --save: lưu vào lịch sử
  cchc render <tệp> --format docx|xlsx -o <tệp kết quả>   Chuyển báo cáo cũ thành văn bản chuẩn (Nghị định 30/2020)
  cchc serve [--demo]           Chạy máy chủ web (PORT, mặc định 3000); --demo: tạo dữ liệu trình diễn khi CSDL còn trống
  cchc agencies import [--dry-run] <tệp .yaml|.csv>   Nạp cây cơ quan của tỉnh (thêm, cập nhật; --dry-run: chỉ kiểm tra)
  cchc admin create --username <u> --name "<họ tên>" [--agency <mã>]   Tạo quản trị viên đầu tiên (môi trường thật)
  cchc backup <tệp>             Sao lưu toàn bộ dữ liệu (DATABASE_URL hoặc CCHC_DATA_DIR) vào một tệp
  cchc restore [--force] <tệp>  Khôi phục từ tệp sao lưu (--force: ghi đè cơ sở dữ liệu đang có dữ liệu)
  cchc migrate                  Chuyển cơ sở dữ liệu lên phiên bản mới nhất (DATABASE_URL, hoặc CCHC_DATA_DIR / ./data)
  cchc demo accounts [--new-passwords]   In lại các tài khoản trình diễn và vai trò; --new-passwords: đặt và in mật khẩu mới
  cchc <lệnh> --help            Hướng dẫn của một lệnh (không chạy lệnh)
  cchc --version                Phiên bản
  cchc --help                   Hướng dẫn này
`;

const DATABASE = 'Cơ sở dữ liệu: DATABASE_URL (PostgreSQL), nếu không có thì CSDL nhúng trong CCHC_DATA_DIR (mặc định ./data).';

/** Each command's help, printed by `cchc <command> --help` (or -h) without running anything. */
export const COMMAND_HELP: Record<string, string> = {
  import: `Cách dùng: cchc import [--json] [--save] <tệp, thư mục hoặc tệp .zip…>
Nhập báo cáo cũ (.txt, .md, .docx, .xlsx, .pdf, .doc, .xls; mọi tệp trong thư mục và tệp .zip) và in kết quả: bản tóm
tắt, hoặc với --json mỗi tệp một dòng JSON. .doc/.xls cần LibreOffice (libreoffice-writer, libreoffice-calc).
  --save   lưu các báo cáo chắc chắn vào lịch sử báo cáo; liệt kê các báo cáo chờ xem xét và lý do
Mã thoát: 0 khi mọi tệp nhập được; 2 khi có tệp không đọc được, rỗng hoặc không hỗ trợ; 1 khi không mở được CSDL.
${DATABASE}`,
  render: `Cách dùng: cchc render <tệp> --format docx|xlsx -o <tệp kết quả>
Nhập một báo cáo cũ và ghi thành văn bản chuẩn (DOCX theo Nghị định 30/2020) hoặc phụ lục XLSX.
  --format, -f   docx (mặc định) hoặc xlsx
  -o, --out      tệp kết quả`,
  serve: `Cách dùng: cchc serve [--demo]
Chạy máy chủ web. Thiết lập: PORT (mặc định 3000), HOST (mặc định 127.0.0.1), CCHC_TRUST_PROXY, CCHC_LOG_LEVEL…
  --demo   tạo dữ liệu trình diễn khi cơ sở dữ liệu còn trống (không dùng cho môi trường thật)
${DATABASE}`,
  migrate: `Cách dùng: cchc migrate
Chuyển cơ sở dữ liệu lên phiên bản mới nhất và in các bước đã áp dụng. Không có tùy chọn.
${DATABASE}`,
  agencies: `Cách dùng: cchc agencies import [--dry-run] <tệp .yaml hoặc .csv>
Nạp cây cơ quan của tỉnh (thêm, cập nhật). Cả tệp được kiểm tra trước; có lỗi thì in mọi lỗi và không ghi gì.
  --dry-run   chỉ kiểm tra và đếm thay đổi, không ghi
Định dạng: docs/cli.md; ví dụ: docs/agencies.example.yaml. ${DATABASE}`,
  admin: `Cách dùng: cchc admin create --username <tên đăng nhập> --name "<họ tên>" [--agency <mã>]… [--email <địa chỉ>]
Tạo tài khoản quản trị đầu tiên. Mật khẩu lấy từ CCHC_ADMIN_PASSWORD, nếu không có thì được tạo và in ra một lần.
Mỗi --agency phải đã được nạp (cchc agencies import). ${DATABASE}`,
  demo: `Cách dùng: cchc demo accounts [--new-passwords]
In lại các tài khoản trình diễn (tên đăng nhập, vai trò, họ tên). Mật khẩu chỉ được lưu dưới dạng băm nên không xem lại
được; --new-passwords đặt cho mỗi tài khoản trình diễn một mật khẩu mới và in ra (chỉ với cơ sở dữ liệu trình diễn).
CSDL nhúng đang được máy chủ dùng: hãy dừng máy chủ trước. ${DATABASE}`,
  backup: `Cách dùng: cchc backup <tệp.jsonl.gz>
Sao lưu toàn bộ dữ liệu (trừ phiên đăng nhập) vào một tệp gzip. CSDL nhúng: hãy dừng máy chủ trước.
${DATABASE}`,
  restore: `Cách dùng: cchc restore [--force] <tệp sao lưu>
Khôi phục một bản sao lưu vào cơ sở dữ liệu trống.
  --force   ghi đè cơ sở dữ liệu đang có dữ liệu
${DATABASE}`,
};

const HELP_FLAGS = new Set(['--help', '-h']);

function version(): string {
  // ../../package.json from both src/cli/main.ts and dist/cli/main.js
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Runs one command; `env` holds the settings (DATABASE_URL, CCHC_DATA_DIR…), the process's own by default. */
export async function main(argv: string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  // `cchc <command> --help` prints the command's help and touches nothing (no database is opened)
  if (command !== undefined && COMMAND_HELP[command] && rest.some((a) => HELP_FLAGS.has(a))) {
    io.out(COMMAND_HELP[command]!);
    return 0;
  }
  switch (command) {
    case 'import':
      return runImport(rest, io, env);
    case 'migrate':
      return runMigrate(rest, io, env);
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
    case 'demo':
      return runDemo(rest, io, env);
    case 'restore':
      return runRestore(rest, io, env);
    case '--version':
    case '-v':
    case '-V':
      io.out(version());
      return 0;
    case undefined:
      // no command is a mistake (a script calling `cchc` with an empty variable must not look successful)
      io.err(HELP);
      io.err('cchc: thiếu lệnh (no command given)');
      return 2;
    case '--help':
    case '-h':
      io.out(HELP);
      return 0;
    case 'help': {
      const topic = rest[0];
      if (topic === undefined) io.out(HELP);
      else if (COMMAND_HELP[topic]) io.out(COMMAND_HELP[topic]);
      else {
        io.err(`cchc help: không có lệnh "${topic}" (unknown command). Xem: cchc --help`);
        return 2;
      }
      return 0;
    }
    default:
      io.err(`cchc: lệnh không hợp lệ "${command}" (unknown command). Xem: cchc --help`);
      return 2;
  }
}
