/**
 * Starts CCHC: checks the settings (settings.ts: a wrong one throws SettingsError before anything opens), opens the
 * database (PostgreSQL by DATABASE_URL, else PGlite in CCHC_DATA_DIR or ./data), migrates, stores the template
 * versions, seeds the demo in demo mode on an empty database, and listens on PORT (default 3000). Requests and errors
 * are logged as JSON lines on stdout (docs/logging.md).
 */
import type { FastifyInstance } from 'fastify';
import { templateLibrary } from '../templates/template-loader.js';
import { buildApp } from './app.js';
import { forgetSessions, SESSION_CHANNEL } from './services/session-cache.js';
import { randomIds, systemClock, type Context } from './context.js';
import { openDatabase, type OpenDatabase } from './db/open-database.js';
import { readSettings } from './settings.js';
import { seedDemo } from './demo/demo-seed.js';
import { storeTemplateFiles } from './services/template.service.js';
import { countAgencies } from './repositories/agency.repository.js';
import { countAccounts } from './repositories/account.repository.js';
import { mailerFromEnv } from './mailer.js';

export interface StartOptions {
  demo: boolean;
  /** PORT and HOST of the settings when absent. */
  port?: number;
  host?: string;
  env?: NodeJS.ProcessEnv;
  /** The start's messages to the operator (stdout by default). */
  log?: (line: string) => void;
  /** Where the JSON request/error log lines go (stdout by default). */
  logStream?: { write(line: string): void };
}

export interface RunningServer {
  app: FastifyInstance;
  database: OpenDatabase;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  for (const warning of settings.warnings) log(warning);
  const port = options.port ?? settings.port;
  const host = options.host ?? settings.host;
  const dbOptions = settings.database;
  log(
    dbOptions.engine === 'postgres'
      ? 'Đang kết nối PostgreSQL (DATABASE_URL) và cập nhật cấu trúc dữ liệu…'
      : `Đang mở cơ sở dữ liệu nhúng tại ${dbOptions.dataDir} (lần đầu mất vài giây)…`,
  );
  const started = Date.now();
  const database = await openDatabase(dbOptions);
  const ctx: Context = {
    db: database.db,
    clock: systemClock,
    ids: randomIds,
    templates: templateLibrary(),
    mailer: mailerFromEnv(env),
    engine: database.engine,
  };
  if (ctx.mailer) log('Nhắc nhở sẽ được gửi cả qua thư điện tử (CCHC_SMTP_URL).');
  try {
    const added = await storeTemplateFiles(ctx);
    if (added.length > 0) log(`Đã nạp ${added.length} mẫu báo cáo: ${added.join(', ')}`);
    if (options.demo) {
      log('Chế độ trình diễn: tạo dữ liệu mẫu nếu cơ sở dữ liệu còn trống…');
      const credentials = await seedDemo(ctx);
      if (credentials) {
        log('');
        log('Tài khoản trình diễn (chỉ hiện một lần — hãy ghi lại):');
        for (const c of credentials) log(`  ${c.role.padEnd(13)} ${c.username.padEnd(15)} ${c.password}   (${c.name})`);
        log('');
      }
    } else {
      // a production database starts empty: say what comes first
      if ((await countAgencies(ctx.db)) === 0) {
        log(
          'Chưa có cơ quan nào: hãy nạp cây cơ quan của tỉnh (npx cchc agencies import <tệp>), rồi tạo quản trị viên đầu tiên (npx cchc admin create). Xem docs/operations.md.',
        );
      } else if ((await countAccounts(ctx.db)) === 0) {
        log('Chưa có tài khoản nào: hãy tạo quản trị viên đầu tiên (npx cchc admin create --username <u> --name "<họ tên>" --agency <mã tỉnh>).');
      }
    }
    // sessions cached by this process are forgotten when another process ends one or changes an account
    await database.listen(SESSION_CHANNEL, forgetSessions);
    const app = await buildApp(ctx, {
      engine: database.engine,
      secureCookies: settings.secureCookies,
      trustProxy: settings.trustProxy,
      apiDocs: settings.apiDocs,
      log: { level: settings.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    });
    await app.listen({ port, host });
    const address = app.server.address();
    const listening = typeof address === 'object' && address ? address.port : port;
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${listening}`;
    log(`CCHC đã sẵn sàng sau ${((Date.now() - started) / 1000).toFixed(1)} giây: ${url}${settings.apiDocs ? `  (API: ${url}/api/docs)` : ''}`);
    if (database.engine === 'pglite') {
      log('Lưu ý: cơ sở dữ liệu nhúng dành cho một máy và cần sao lưu thường xuyên; triển khai thật hãy dùng PostgreSQL (DATABASE_URL).');
    }
    return {
      app,
      database,
      url,
      async stop() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
