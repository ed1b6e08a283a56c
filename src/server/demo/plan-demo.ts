/**
 * The demo's annual CCHC plan: Ninh Thuận's plan for the demo round's year, a dozen tasks over the seven areas given
 * to the demo's departments (one of them Sở KH&CN's own), some done on time, one late, some under way, some overdue,
 * so the plan page and the report's "Lấy số liệu từ kế hoạch" have something to show.
 */
import type { Context } from '../context.js';
import { insertPlan, insertTasks, updateTask, type NewTask } from '../repositories/plan.repository.js';

export const DEMO_PLAN_YEAR = 2026;

type DemoTask = Omit<NewTask, 'id'> & { done?: string; progress?: 'in-progress'; note?: string };

const TASKS: DemoTask[] = [
  {
    area: 'direction',
    title: 'Ban hành Kế hoạch kiểm tra công tác CCHC năm 2026',
    responsibleAgencyId: 'nt-so-noi-vu',
    deadline: '2026-02-28',
    expectedOutput: 'Kế hoạch của UBND tỉnh',
    ownerAgencyId: null,
    done: '2026-02-20',
  },
  {
    area: 'direction',
    title: 'Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính',
    responsibleAgencyId: 'nt-so-noi-vu',
    deadline: '2026-10-31',
    expectedOutput: 'Báo cáo kết quả khảo sát',
    ownerAgencyId: null,
    progress: 'in-progress',
  },
  {
    area: 'institutions',
    title: 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh',
    responsibleAgencyId: 'nt-so-tu-phap',
    deadline: '2026-06-30',
    expectedOutput: 'Quyết định công bố kết quả hệ thống hóa',
    ownerAgencyId: null,
    done: '2026-07-10',
    note: 'Hoàn thành chậm do chờ ý kiến của các sở, ngành.',
  },
  {
    area: 'procedures',
    title: 'Rà soát, đơn giản hóa thủ tục hành chính thuộc lĩnh vực khoa học và công nghệ',
    responsibleAgencyId: 'nt-so-khcn',
    deadline: '2026-05-31',
    expectedOutput: 'Phương án đơn giản hóa trình UBND tỉnh',
    ownerAgencyId: null,
    done: '2026-05-20',
  },
  {
    area: 'procedures',
    title: 'Công bố danh mục thủ tục hành chính được thực hiện toàn trình trên môi trường điện tử',
    responsibleAgencyId: 'nt-so-khcn',
    deadline: '2026-09-30',
    expectedOutput: 'Quyết định công bố',
    ownerAgencyId: null,
    progress: 'in-progress',
  },
  {
    area: 'procedures',
    title: 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực',
    responsibleAgencyId: 'nt-so-y-te',
    deadline: '2026-11-30',
    expectedOutput: 'Hồ sơ được số hóa trên Hệ thống thông tin giải quyết TTHC',
    ownerAgencyId: null,
  },
  {
    area: 'organisation',
    title: 'Rà soát chức năng, nhiệm vụ của các phòng chuyên môn sau sắp xếp',
    responsibleAgencyId: 'nt-so-y-te',
    deadline: '2026-08-31',
    expectedOutput: 'Quyết định quy định chức năng, nhiệm vụ',
    ownerAgencyId: null,
    done: '2026-08-15',
  },
  {
    area: 'civil-service',
    title: 'Tập huấn nghiệp vụ CCHC cho công chức đầu mối',
    responsibleAgencyId: 'nt-so-noi-vu',
    deadline: '2026-07-31',
    expectedOutput: 'Lớp tập huấn',
    ownerAgencyId: null,
    done: '2026-07-25',
  },
  {
    area: 'finance',
    title: 'Thực hiện cơ chế tự chủ tài chính đối với đơn vị sự nghiệp công lập trực thuộc',
    responsibleAgencyId: 'nt-so-khcn',
    deadline: '2026-12-31',
    expectedOutput: 'Phương án tự chủ được phê duyệt',
    ownerAgencyId: null,
  },
  {
    area: 'egov',
    title: 'Triển khai chữ ký số cho cán bộ, công chức của Sở',
    responsibleAgencyId: 'nt-so-khcn',
    deadline: '2026-04-30',
    expectedOutput: '100% công chức có chữ ký số',
    ownerAgencyId: 'nt-so-khcn',
    done: '2026-04-28',
  },
  {
    area: 'egov',
    title: 'Kết nối Hệ thống thông tin báo cáo của tỉnh với Hệ thống thông tin báo cáo Chính phủ',
    responsibleAgencyId: 'nt-vp-ubnd',
    deadline: '2026-06-30',
    expectedOutput: 'Hệ thống được kết nối',
    ownerAgencyId: null,
    progress: 'in-progress',
  },
];

/** Seeds the plan (on a database the demo just filled: Ninh Thuận's agencies exist). */
export async function seedDemoPlan(ctx: Context): Promise<void> {
  const now = ctx.clock.now();
  const audit = { actorId: null, action: 'seed-demo', now };
  const planId = ctx.ids.next('plan');
  await insertPlan(
    ctx.db,
    {
      id: planId,
      provinceId: 'nt',
      year: DEMO_PLAN_YEAR,
      title: `Kế hoạch cải cách hành chính năm ${DEMO_PLAN_YEAR} của tỉnh Ninh Thuận`,
      decision: '25/KH-UBND',
    },
    audit,
  );
  const tasks = TASKS.map((t) => ({ ...t, id: ctx.ids.next('task') }));
  await insertTasks(
    ctx.db,
    planId,
    1,
    tasks.map(({ done: _done, progress: _progress, note: _note, ...t }) => t),
    audit,
  );
  for (const t of tasks) {
    if (t.done) await updateTask(ctx.db, t.id, 1, { status: 'done', done_on: t.done, progress_note: t.note ?? null }, audit);
    else if (t.progress) await updateTask(ctx.db, t.id, 1, { status: 'in-progress', progress_note: t.note ?? null }, audit);
  }
}
