/**
 * The annual CCHC plan through the API: the Sở Nội vụ creates the plan and its tasks (every problem of a task at
 * once), imports a plan file (CSV and XLSX; a file with problems imports nothing and lists them all); an agency sees
 * the province's tasks and its own, reports the progress of its tasks with evidence (files with limits, a linked
 * report), with versions (409 when stale) and audit rows; another agency's task is out of its reach. Both engines.
 */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { onBothEngines } from '../../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../../test-support/http.js';
import { listAudit } from '../repositories/audit.repository.js';
import { findReport } from '../repositories/report.repository.js';
import { PLAN_FILE_LIMITS } from '../../shared/plan-schemas.js';

function multipart(fileName: string, bytes: Buffer) {
  const boundary = `----cchc-plan${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

type Plan = { id: string; version: number; tasks: Task[]; mayManage: boolean; agencies: { id: string }[] };
type Task = {
  id: string;
  title: string;
  version: number;
  status: string;
  ownerAgencyId: string | null;
  responsibleAgencyId: string;
  overdue: boolean;
  mayUpdateProgress: boolean;
  files: { id: string; fileName: string; size: number }[];
  evidenceReport: { id: string } | null;
};

onBothEngines('the annual plan', (engine) => {
  const setup = async () => {
    const world = await engine.world();
    // the plan's year is under way: 1 July 2026
    world.ctx.clock.advance(Date.parse('2026-07-01T02:00:00Z') - world.ctx.clock.now().getTime());
    const snv = await signIn(world.app, 'snv.tonghop');
    const khcn = await signIn(world.app, 'khcn.baocao');
    const yte = await signIn(world.app, 'yte.baocao');
    const call = async (session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const response = await world.app.inject({
        method,
        url,
        headers: as(session),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return {
        status: response.statusCode,
        body: String(response.headers['content-type'] ?? '').includes('json') ? response.json() : response.body,
        response,
      };
    };
    const created = await call(snv, 'POST', '/api/plans', {
      provinceId: 'ninh-thuan',
      year: 2026,
      title: 'Kế hoạch CCHC năm 2026',
      decision: '12/KH-UBND',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let plan = created.body as Plan;
    const add = async (task: Record<string, unknown>) => {
      const answer = await call(snv, 'POST', `/api/plans/${plan.id}/tasks`, {
        planVersion: plan.version,
        area: 'procedures',
        expectedOutput: null,
        own: false,
        ...task,
      });
      if (answer.status === 200) plan = answer.body as Plan;
      return answer;
    };
    return { ...world, snv, khcn, yte, call, add, plan: () => plan };
  };

  it('is created by the Sở Nội vụ with tasks, every problem of a task told at once, and read by agencies within their reach', async () => {
    const { snv, khcn, yte, call, add, plan, ctx } = await setup();
    expect((await call(snv, 'POST', '/api/plans', { provinceId: 'ninh-thuan', year: 2026, title: 'Lần hai' })).body.code).toBe('plan-exists');
    expect((await call(khcn, 'POST', '/api/plans', { provinceId: 'ninh-thuan', year: 2027, title: 'Không được' })).status).toBe(403);

    const bad = await add({ title: ' ', area: 'weather', responsibleAgencyId: 'kh-so-y-te', deadline: '2027-01-10' });
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['title', 'area', 'deadline', 'responsible']);

    expect((await add({ title: 'Rà soát, đơn giản hóa TTHC', responsibleAgencyId: 'so-khcn', deadline: '2026-06-30' })).status).toBe(200);
    expect(
      (await add({ title: 'Số hóa kết quả giải quyết TTHC', area: 'egov', responsibleAgencyId: 'so-khcn', deadline: '2026-11-30', own: true }))
        .status,
    ).toBe(200);
    expect(
      (await add({ title: 'Kiểm tra CCHC tại cơ sở', area: 'direction', responsibleAgencyId: 'so-y-te', deadline: '2026-09-30', own: true })).status,
    ).toBe(200);
    expect((await add({ title: 'Tập huấn nghiệp vụ', area: 'civil-service', responsibleAgencyId: 'so-y-te', deadline: '2026-05-31' })).status).toBe(
      200,
    );
    // a task made from an older version of the plan's list is refused
    expect(
      (
        await call(snv, 'POST', `/api/plans/${plan().id}/tasks`, {
          planVersion: 1,
          area: 'finance',
          title: 'Cũ',
          responsibleAgencyId: 'so-khcn',
          deadline: '2026-12-31',
          expectedOutput: null,
          own: false,
        })
      ).status,
    ).toBe(409);

    const seen = async (session: TestSession) => (await call(session, 'GET', `/api/plans/${plan().id}`)).body as Plan;
    const bySnv = await seen(snv);
    expect(bySnv.tasks).toHaveLength(4);
    expect(bySnv.mayManage).toBe(true);
    expect(bySnv.agencies.map((a) => a.id)).toEqual(expect.arrayContaining(['so-khcn', 'so-y-te', 'so-noi-vu']));
    // Sở KH&CN: the province's tasks (its own and Sở Y tế's) and its own plan's task; not Sở Y tế's own task
    const byKhcn = await seen(khcn);
    expect(byKhcn.mayManage).toBe(false);
    expect(byKhcn.tasks.map((t) => t.title)).toEqual(['Rà soát, đơn giản hóa TTHC', 'Số hóa kết quả giải quyết TTHC', 'Tập huấn nghiệp vụ']);
    expect(byKhcn.tasks.map((t) => t.mayUpdateProgress)).toEqual([true, true, false]);
    expect(byKhcn.tasks.map((t) => t.overdue)).toEqual([true, false, true]);
    expect((await seen(yte)).tasks.map((t) => t.title)).toContain('Kiểm tra CCHC tại cơ sở');
    const yteOwn = bySnv.tasks.find((t) => t.title === 'Kiểm tra CCHC tại cơ sở')!;
    expect(
      (
        await call(khcn, 'PUT', `/api/plan-tasks/${yteOwn.id}/progress`, {
          version: 1,
          status: 'in-progress',
          doneOn: null,
          note: null,
          evidenceReportId: null,
        })
      ).status,
    ).toBe(404);
    expect((await call(khcn, 'GET', '/api/plans')).body.map((p: { id: string }) => p.id)).toEqual([plan().id]);

    // edit and delete, versioned and audited
    const task = bySnv.tasks.find((t) => t.title === 'Tập huấn nghiệp vụ')!;
    const edited = await call(snv, 'PUT', `/api/plan-tasks/${task.id}`, {
      version: task.version,
      area: 'civil-service',
      title: 'Tập huấn nghiệp vụ CCHC',
      responsibleAgencyId: 'so-y-te',
      deadline: '2026-08-31',
      expectedOutput: 'Lớp tập huấn',
      own: false,
    });
    expect(edited.status).toBe(200);
    expect((await call(snv, 'POST', `/api/plan-tasks/${task.id}/delete`, { version: task.version })).status).toBe(409);
    expect((await call(khcn, 'POST', `/api/plan-tasks/${task.id}/delete`, { version: task.version + 1 })).status).toBe(403);
    expect((await call(snv, 'POST', `/api/plan-tasks/${task.id}/delete`, { version: task.version + 1 })).status).toBe(200);
    const audit = await listAudit(ctx.db, { entity: 'plan-task', entityId: task.id });
    expect(audit.map((a) => a.action)).toEqual(['create-task', 'update-task', 'delete-task']);
    expect(audit[1]!.before).toMatchObject({ version: 1, title: 'Tập huấn nghiệp vụ', deadline: '2026-05-31' });
    expect(audit[1]!.after).toMatchObject({ version: 2, title: 'Tập huấn nghiệp vụ CCHC' });
  });

  it('takes progress from the responsible agency with evidence: files within limits, a linked report; stale writes refused', async () => {
    const { snv, khcn, yte, call, add, plan, ctx, app } = await setup();
    await add({ title: 'Rà soát, đơn giản hóa TTHC', responsibleAgencyId: 'so-khcn', deadline: '2026-06-30' });
    const task = plan().tasks[0]!;
    const progress = (version: number, body: Record<string, unknown>) =>
      call(khcn, 'PUT', `/api/plan-tasks/${task.id}/progress`, {
        version,
        status: 'in-progress',
        doneOn: null,
        note: null,
        evidenceReportId: null,
        ...body,
      });

    const noDate = await progress(task.version, { status: 'done' });
    expect(noDate.status).toBe(422);
    expect(noDate.body.detail).toContain('ngày hoàn thành');
    expect((await progress(task.version, { status: 'done', doneOn: '2026-07-20' })).body.detail).toContain('chưa đến');
    expect(
      (
        await call(yte, 'PUT', `/api/plan-tasks/${task.id}/progress`, {
          version: task.version,
          status: 'in-progress',
          doneOn: null,
          note: null,
          evidenceReportId: null,
        })
      ).status,
    ).toBe(403);

    // a report of Sở KH&CN as evidence; Sở Y tế's report is refused
    const round = (
      await call(snv, 'POST', '/api/rounds', {
        templateId: 'ninh-thuan-7s-2023',
        period: { year: 2026, kind: 'Q2' },
        agencyIds: ['so-khcn', 'so-y-te'],
      })
    ).body;
    const own = (await findReport(ctx.db, 'so-khcn', round.id))!;
    const other = (await findReport(ctx.db, 'so-y-te', round.id))!;
    expect((await progress(task.version, { evidenceReportId: other.id })).status).toBe(422);
    const done = await progress(task.version, { status: 'done', doneOn: '2026-06-25', note: 'Đã trình UBND tỉnh', evidenceReportId: own.id });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const after = (done.body as Plan).tasks[0]!;
    expect(after).toMatchObject({ status: 'done', overdue: false, evidenceReport: { id: own.id }, version: task.version + 1 });
    // the same version again is stale
    const stale = await progress(task.version, { status: 'in-progress' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'stale-version', currentVersion: task.version + 1 });

    // files: one uploaded, read back, removed; a type outside the list and a file over the limit refused
    const upload = (version: number, name: string, bytes: Buffer, session = khcn) => {
      const body = multipart(name, bytes);
      return app.inject({
        method: 'POST',
        url: `/api/plan-tasks/${task.id}/files?version=${version}`,
        headers: { ...as(session), 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const pdf = Buffer.from('%PDF-1.4 biên bản kiểm tra');
    const uploaded = await upload(after.version, 'Biên bản.pdf', pdf);
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const withFile = (uploaded.json() as Plan).tasks[0]!;
    expect(withFile.files).toMatchObject([{ fileName: 'Biên bản.pdf', size: pdf.length }]);
    const download = await app.inject({ method: 'GET', url: `/api/plan-tasks/${task.id}/files/${withFile.files[0]!.id}`, headers: as(yte) });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf");
    expect((await upload(withFile.version, 'script.html', Buffer.from('<script>'))).statusCode).toBe(415);
    expect((await upload(withFile.version, 'lon.pdf', Buffer.alloc(PLAN_FILE_LIMITS.maxBytes + 10, 1))).statusCode).toBe(413);
    expect((await upload(withFile.version - 1, 'cu.pdf', pdf)).statusCode).toBe(409);
    expect((await upload(withFile.version, 'y-te.pdf', pdf, yte)).statusCode).toBe(403);
    const removed = await call(khcn, 'POST', `/api/plan-tasks/${task.id}/files/${withFile.files[0]!.id}/delete`, { version: withFile.version });
    expect(removed.status).toBe(200);
    expect((removed.body as Plan).tasks[0]!.files).toEqual([]);
    const audit = await listAudit(ctx.db, { entity: 'plan-task', entityId: task.id });
    expect(audit.map((a) => a.action)).toEqual(['create-task', 'update-progress', 'attach-evidence', 'remove-evidence']);
    expect(audit[1]!.after).toMatchObject({ status: 'done', done_on: '2026-06-25', progress_note: 'Đã trình UBND tỉnh' });
    // Khánh Hòa's administrator does not see Ninh Thuận's plan
    const kh = await signIn(app, 'kh.admin');
    expect((await call(kh, 'GET', `/api/plans/${plan().id}`)).status).toBe(404);
    expect((await call(kh, 'GET', '/api/plans')).body).toEqual([]);
  });

  it('imports a plan file: all its tasks, or none with every problem of every row', async () => {
    const { snv, khcn, call, plan, app } = await setup();
    const send = async (name: string, bytes: Buffer, session = snv) => {
      const body = multipart(name, bytes);
      const response = await app.inject({
        method: 'POST',
        url: `/api/plans/${plan().id}/import`,
        headers: { ...as(session), 'content-type': body.contentType },
        payload: body.payload,
      });
      return { status: response.statusCode, body: response.json() };
    };
    const bad = await send(
      'ke-hoach.csv',
      Buffer.from(
        [
          'STT;Nhiệm vụ;Lĩnh vực;Cơ quan chủ trì;Thời hạn;Sản phẩm dự kiến',
          '1;Rà soát TTHC;Thủ tục hành chính;Sở Khoa học và Công nghệ;30/06/2026;Báo cáo',
          '2;;Thời tiết;Sở Du lịch;31/02/2026;',
          '3;Tập huấn;Công vụ;Sở Y tế;2027-01-10;',
        ].join('\n'),
      ),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('plan-import-refused');
    expect(bad.body.problems.map((p: { line: number; column: string }) => `${p.line}:${p.column}`)).toEqual([
      '3:Lĩnh vực',
      '3:Cơ quan chủ trì',
      '3:Thời hạn',
      '3:Nhiệm vụ',
      '4:Thời hạn',
    ]);
    expect((await call(snv, 'GET', `/api/plans/${plan().id}`)).body.tasks).toEqual([]);
    expect((await send('ke-hoach.csv', Buffer.from('Nhiệm vụ;Lĩnh vực\n'), khcn)).status).toBe(403);

    const good = await send(
      'ke-hoach.csv',
      Buffer.from(
        [
          '\uFEFFSTT,Nhiệm vụ,Lĩnh vực,Cơ quan chủ trì,Thời hạn,Sản phẩm dự kiến,Thuộc kế hoạch',
          'I,CẢI CÁCH THỦ TỤC HÀNH CHÍNH,,,,,',
          '1,"Rà soát, đơn giản hóa TTHC",,Sở Khoa học và Công nghệ,30/06/2026,Báo cáo,',
          '2,Số hóa hồ sơ,Chính quyền số,so-y-te,Thường xuyên,,Cơ quan',
        ].join('\r\n'),
      ),
    );
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body.created).toBe(2);
    expect(good.body.plan.tasks.map((t: Task) => [t.title, t.responsibleAgencyId, t.ownerAgencyId])).toEqual([
      ['Rà soát, đơn giản hóa TTHC', 'so-khcn', null],
      ['Số hóa hồ sơ', 'so-y-te', 'so-y-te'],
    ]);
    // the same file again: every row is already in the plan
    const again = await send('ke-hoach.csv', Buffer.from('Nhiệm vụ,Lĩnh vực,Cơ quan chủ trì,Thời hạn\nSố hóa hồ sơ,egov,so-y-te,31/12/2026\n'));
    expect(again.body.problems[0].messageVi).toContain('đã có trong kế hoạch');

    // a workbook, its dates as Excel dates
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Kế hoạch');
    sheet.addRow(['STT', 'Nhiệm vụ', 'Lĩnh vực', 'Cơ quan chủ trì', 'Thời hạn', 'Sản phẩm dự kiến']);
    sheet.addRow([1, 'Khảo sát sự hài lòng', 'Công tác chỉ đạo, điều hành', 'Sở Nội vụ', new Date(Date.UTC(2026, 9, 15)), 'Báo cáo khảo sát']);
    sheet.getCell('E2').numFmt = 'dd/mm/yyyy';
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const fromXlsx = await send('ke-hoach.xlsx', xlsx);
    expect(fromXlsx.status, JSON.stringify(fromXlsx.body)).toBe(200);
    expect(fromXlsx.body.plan.tasks.at(-1)).toMatchObject({
      title: 'Khảo sát sự hài lòng',
      area: 'direction',
      responsibleAgencyId: 'so-noi-vu',
      deadline: '2026-10-15',
    });
  });
});
