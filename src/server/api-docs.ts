/**
 * What /api/docs says about the API beyond the schemas: the operations grouped by resource (OpenAPI tags), a summary
 * for each, and how a client authenticates — the session cookie set by POST /api/auth/login, and the `x-csrf-token`
 * header every write must carry (the token comes with the sign-in answer and GET /api/auth/me). A route may state its
 * own `tags` and `summary`; the others get them here, by their path, so no operation is left ungrouped.
 */
import { SESSION_COOKIE } from './routes/route-helpers.js';

export interface ApiTag {
  name: string;
  description: string;
}

/** The resources, in the order the documentation lists them. */
export const API_TAGS: readonly ApiTag[] = [
  { name: 'Phiên đăng nhập', description: 'Đăng nhập, đăng xuất, đổi mật khẩu; phiên là cookie, mọi thao tác ghi cần tiêu đề x-csrf-token.' },
  { name: 'Việc của tôi và thông báo', description: 'Trang của cán bộ (báo cáo của đơn vị, việc chờ duyệt) và các nhắc nhở.' },
  { name: 'Báo cáo của đơn vị', description: 'Đọc, tự động lưu số liệu và nội dung, gửi lãnh đạo duyệt, nộp, trả lại, duyệt, so sánh các lần nộp.' },
  { name: 'Văn bản', description: 'Báo cáo xuất ra DOCX (Nghị định 30/2020) và phụ lục XLSX.' },
  { name: 'Đợt báo cáo', description: 'Mở đợt, tình hình nộp của các đơn vị, nhắc nộp.' },
  { name: 'Tổng hợp toàn tỉnh', description: 'Số liệu tổng hợp của một đợt, các phát hiện, chi tiết theo đơn vị.' },
  { name: 'Báo cáo của tỉnh', description: 'Báo cáo CCHC của tỉnh theo đợt, thiết lập của tỉnh.' },
  { name: 'Bảng điều khiển', description: 'Xu hướng, xếp hạng, tình hình nộp; tải CSV.' },
  { name: 'Nhập báo cáo cũ', description: 'Xem trước và lưu các báo cáo cũ (DOCX, XLSX, PDF, văn bản…).' },
  { name: 'Mẫu báo cáo', description: 'Các phiên bản mẫu báo cáo, danh mục chỉ tiêu, kiểm tra và tạo phiên bản mới.' },
  { name: 'Cơ quan, đơn vị', description: 'Cây cơ quan trong phạm vi của tài khoản.' },
  { name: 'Tài khoản', description: 'Quản lý tài khoản (quản trị viên).' },
  { name: 'Chỉ số CCHC', description: 'Bộ chỉ số, tự chấm, thẩm định, minh chứng, kết quả.' },
  { name: 'Kế hoạch CCHC', description: 'Kế hoạch, nhiệm vụ, tiến độ, tệp đính kèm.' },
  { name: 'Tình trạng máy chủ', description: 'Kiểm tra máy chủ và cơ sở dữ liệu (không cần đăng nhập).' },
];

/** A path's resource, by its first segments after /api. */
function tagOf(path: string): string {
  const p = path.replace(/^\/api/u, '');
  if (/^\/(auth)(\/|$)/u.test(p)) return 'Phiên đăng nhập';
  if (/^\/(home|notices)(\/|$)/u.test(p) || /^\/rounds\/:id\/remind$/u.test(p))
    return p.startsWith('/rounds') ? 'Đợt báo cáo' : 'Việc của tôi và thông báo';
  if (/^\/reports\/[^/]+\/document\./u.test(p)) return 'Văn bản';
  if (/^\/reports(\/|$)/u.test(p)) return 'Báo cáo của đơn vị';
  if (/^\/rounds\/[^/]+\/consolidation/u.test(p)) return 'Tổng hợp toàn tỉnh';
  if (/^\/rounds\/[^/]+\/province-report/u.test(p) || /^\/provinces\//u.test(p)) return 'Báo cáo của tỉnh';
  if (/^\/rounds(\/|$)/u.test(p)) return 'Đợt báo cáo';
  if (/^\/dashboards(\/|$)/u.test(p)) return 'Bảng điều khiển';
  if (/^\/imports(\/|$)/u.test(p)) return 'Nhập báo cáo cũ';
  if (/^\/templates(\/|$)/u.test(p)) return 'Mẫu báo cáo';
  if (/^\/agencies(\/|$)/u.test(p)) return 'Cơ quan, đơn vị';
  if (/^\/accounts(\/|$)/u.test(p)) return 'Tài khoản';
  if (/^\/index(\/|$)/u.test(p)) return 'Chỉ số CCHC';
  if (/^\/(plans|plan-tasks)(\/|$)/u.test(p)) return 'Kế hoạch CCHC';
  if (/^\/health(\/|$)/u.test(p)) return 'Tình trạng máy chủ';
  return p.split('/')[1] ?? 'api';
}

/** The summaries of the operations, by "METHOD /api/path" as the router names them. */
const SUMMARIES: Record<string, string> = {
  'POST /api/auth/login': 'Đăng nhập: đặt cookie phiên, trả về người dùng và mã x-csrf-token',
  'POST /api/auth/logout': 'Đăng xuất phiên này',
  'POST /api/auth/logout-everywhere': 'Đăng xuất mọi phiên của tài khoản',
  'POST /api/auth/password': 'Đổi mật khẩu của chính mình (phiên mới, mã x-csrf-token mới)',
  'GET /api/auth/me': 'Người đang đăng nhập và mã x-csrf-token của phiên',
  'GET /api/home': 'Trang của cán bộ: báo cáo của đơn vị (bị trả lại trước, kèm lý do) và việc chờ lãnh đạo duyệt',
  'GET /api/notices': 'Các nhắc nhở gửi tới đơn vị của tài khoản',
  'GET /api/reports': 'Danh sách báo cáo trong phạm vi (lọc theo đợt, đơn vị)',
  'GET /api/reports/:id': 'Một báo cáo: số liệu, nội dung, phát hiện, ý kiến',
  'PUT /api/reports/:id/values': 'Lưu các ô số liệu (tự động lưu; Prefer: return=minimal trả về bản rút gọn); 409 khi phiên bản đã cũ',
  'PUT /api/reports/:id/narrative': 'Lưu nội dung báo cáo (các mục I–V); 409 khi phiên bản đã cũ',
  'POST /api/reports/:id/prefill': 'Lấy số liệu tích lũy của kỳ trước vào các ô còn trống',
  'GET /api/reports/:id/previous': 'Báo cáo kỳ trước đã duyệt của đơn vị (nội dung, số liệu tích lũy)',
  'POST /api/reports/:id/send-to-leader': 'Cán bộ gửi báo cáo để lãnh đạo đơn vị duyệt và nộp (lãnh đạo nhận thông báo)',
  'POST /api/reports/:id/:action': 'Nộp (submit), trả lại (return), duyệt (accept) hoặc mở lại (reopen) báo cáo',
  'GET /api/reports/:id/submissions': 'Các lần nộp của báo cáo',
  'GET /api/reports/:id/diff': 'Các ô số liệu thay đổi giữa hai lần nộp',
  'GET /api/reports/:id/narrative-diff': 'Các mục nội dung thay đổi giữa hai lần nộp',
  'GET /api/reports/:id/document.docx': 'Báo cáo dạng DOCX theo Nghị định 30/2020',
  'GET /api/reports/:id/document.xlsx': 'Phụ lục số liệu dạng XLSX',
  'GET /api/rounds': 'Các đợt báo cáo trong phạm vi',
  'POST /api/rounds': 'Mở đợt báo cáo (mẫu, kỳ, chốt số liệu, hạn nộp, các đơn vị)',
  'GET /api/rounds/:id': 'Một đợt báo cáo',
  'GET /api/rounds/:id/board': 'Tình hình nộp báo cáo của các đơn vị trong đợt',
  'POST /api/rounds/:id/remind': 'Nhắc các đơn vị chưa nộp (thông báo trong ứng dụng, thư điện tử nếu có cấu hình)',
  'GET /api/rounds/:id/consolidation': 'Số liệu tổng hợp toàn tỉnh của đợt',
  'GET /api/rounds/:id/consolidation/row': 'Một chỉ tiêu theo từng đơn vị',
  'GET /api/rounds/:id/consolidation/findings': 'Các phát hiện trong báo cáo của các đơn vị (đếm theo quy tắc, dòng; phân trang)',
  'GET /api/rounds/:id/province-report': 'Báo cáo của tỉnh cho đợt',
  'PUT /api/rounds/:id/province-report': 'Lưu các mục của báo cáo của tỉnh; 409 khi phiên bản đã cũ',
  'POST /api/rounds/:id/province-report/regenerate': 'Soạn lại các đoạn số liệu từ số liệu tổng hợp',
  'POST /api/rounds/:id/province-report/:action': 'Sẵn sàng, ban hành hoặc trả về dự thảo báo cáo của tỉnh',
  'GET /api/rounds/:id/province-report/sources': 'Nội dung báo cáo của các đơn vị theo mục',
  'GET /api/rounds/:id/province-report/history': 'Lịch sử báo cáo của tỉnh',
  'GET /api/provinces/:id/report-settings': 'Thiết lập báo cáo của tỉnh',
  'PUT /api/provinces/:id/report-settings': 'Lưu thiết lập báo cáo của tỉnh',
  'GET /api/dashboards/indicators': 'Các chỉ tiêu vẽ được biểu đồ',
  'GET /api/dashboards/trend': 'Xu hướng một chỉ tiêu qua các kỳ',
  'GET /api/dashboards/ranking': 'Xếp hạng các đơn vị theo một chỉ tiêu',
  'GET /api/dashboards/completeness': 'Tình hình nộp báo cáo qua các đợt',
  'GET /api/dashboards/completeness.csv': 'Tình hình nộp báo cáo qua các đợt (CSV)',
  'POST /api/imports/preview': 'Xem trước một báo cáo cũ (tải tệp lên)',
  'POST /api/imports/save': 'Lưu báo cáo cũ vào lịch sử',
  'GET /api/templates': 'Các phiên bản mẫu báo cáo',
  'GET /api/templates/indicators': 'Danh mục chỉ tiêu chuẩn',
  'GET /api/templates/:id': 'Một phiên bản mẫu báo cáo',
  'GET /api/templates/:id/source': 'Tệp nguồn (YAML) của một phiên bản mẫu',
  'POST /api/templates/check': 'Kiểm tra một dự thảo mẫu báo cáo',
  'POST /api/templates': 'Lưu phiên bản mẫu báo cáo mới',
  'GET /api/agencies': 'Các cơ quan, đơn vị trong phạm vi',
  'GET /api/agencies/:id': 'Một cơ quan, đơn vị',
  'GET /api/accounts': 'Danh sách tài khoản trong phạm vi (tìm, lọc, phân trang)',
  'GET /api/accounts/:id': 'Một tài khoản',
  'POST /api/accounts': 'Tạo tài khoản (mật khẩu ban đầu tự tạo hoặc nhập)',
  'PATCH /api/accounts/:id': 'Sửa, khóa, mở khóa tài khoản hoặc đặt lại mật khẩu',
  'GET /api/health': 'Máy chủ và cơ sở dữ liệu đang chạy',
  'GET /api/health/live': 'Tiến trình máy chủ còn sống',
  'GET /api/health/ready': 'Sẵn sàng phục vụ (503 khi cơ sở dữ liệu không truy cập được)',
};

const VERB: Record<string, string> = { GET: 'Đọc', POST: 'Thực hiện', PUT: 'Lưu', PATCH: 'Sửa', DELETE: 'Xóa' };

/** A route's tag and summary: its own when it states them, else by its path. */
export function describeRoute(method: string, url: string): { tags: string[]; summary: string } {
  const tag = tagOf(url);
  return {
    tags: [tag],
    summary: SUMMARIES[`${method} ${url}`] ?? `${VERB[method] ?? method} ${url.replace(/^\/api/u, '')} (${tag.toLocaleLowerCase('vi')})`,
  };
}

/** Routes anyone may call: no session, no CSRF token. */
export const isPublicApiRoute = (method: string, url: string) =>
  /^\/api\/health(\/live|\/ready)?$/u.test(url) || (method === 'POST' && url === '/api/auth/login');

/** The OpenAPI document's parts about authentication and grouping. */
export const OPENAPI_DOCUMENT = {
  info: {
    title: 'CCHC API',
    description: [
      'Báo cáo cải cách hành chính. Các thao tác được nhóm theo tài nguyên.',
      '',
      `Xác thực: POST /api/auth/login đặt cookie phiên \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict) và trả về \`csrfToken\`. ` +
        'Mọi yêu cầu khác gửi kèm cookie đó; mọi thao tác ghi (POST, PUT, PATCH, DELETE) còn phải có tiêu đề `x-csrf-token` ' +
        'bằng mã của phiên (lấy lại bằng GET /api/auth/me). Thiếu cookie: 401; thiếu hoặc sai mã: 403. ' +
        'Lỗi trả về theo application/problem+json với thông báo tiếng Việt ở `detail`.',
    ].join('\n'),
    version: '0.1.0',
  },
  tags: API_TAGS.map((t) => ({ name: t.name, description: t.description })),
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Cookie phiên, đặt bởi POST /api/auth/login.' },
      csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'Mã chống giả mạo của phiên; bắt buộc với mọi thao tác ghi.' },
    },
  },
} as const;

/** The security an operation needs: none when public, the cookie for reads, the cookie and the CSRF header for writes. */
export function securityOf(method: string, url: string): Record<string, string[]>[] {
  if (isPublicApiRoute(method, url)) return [];
  return ['GET', 'HEAD', 'OPTIONS'].includes(method) ? [{ session: [] }] : [{ session: [], csrf: [] }];
}
