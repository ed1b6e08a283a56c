/**
 * Every setting of the server, read from the environment and checked once at start: a wrong value stops the start
 * with a {@link SettingsError} naming the setting and what it accepts (in Vietnamese), never a silent default.
 *
 * | name | accepts | default |
 * | PORT | 1–65535 | 3000 |
 * | HOST | an address to listen on | 127.0.0.1 |
 * | CCHC_DATA_DIR | the embedded database's directory | ./data |
 * | DATABASE_URL | postgres://… or postgresql://… | (embedded database) |
 * | CCHC_SECURE_COOKIES | 1 or 0 | 0 |
 * | CCHC_TRUST_PROXY | empty: none; a hop count; or addresses/CIDRs, comma-separated | none |
 * | CCHC_API_DOCS | 1 or 0 | 1 |
 * | CCHC_LOG_LEVEL | fatal, error, warn, info, debug, trace, silent | info |
 * | CCHC_SMTP_URL, CCHC_MAIL_FROM | smtp://… or smtps://…; an address | (no e-mail) |
 */
import { isIP } from 'node:net';

/** Which database (open-database's DatabaseOptions, which accept this). */
export type DatabaseSetting = { engine: 'postgres'; url: string } | { engine: 'pglite'; dataDir: string };

export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    /** For the operator, in Vietnamese: which setting, what it holds, what it accepts. */
    readonly messageVi: string,
  ) {
    super(messageVi);
    this.name = 'SettingsError';
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Settings {
  port: number;
  host: string;
  database: DatabaseSetting;
  secureCookies: boolean;
  /** false: no proxy is trusted (the socket's address is the client's); a hop count; or proxy addresses/CIDRs. */
  trustProxy: false | number | string[];
  apiDocs: boolean;
  logLevel: LogLevel;
  smtp: { url: string; from: string } | null;
  /** Settings that work but are probably not what was meant (printed at start). */
  warnings: string[];
}

/** A value as set: unset and blank are the same (an empty line in an environment file). */
function valueOf(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = valueOf(env, name);
  if (value === undefined) return fallback;
  if (value === '1') return true;
  if (value === '0') return false;
  throw new SettingsError(name, `${name}="${env[name]}" không hợp lệ: chỉ nhận 1 (bật) hoặc 0 (tắt).`);
}

/** `n.n.n.n`, `n.n.n.n/len`, an IPv6 address or CIDR, or one of proxy-addr's names (loopback, linklocal, uniquelocal). */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, length, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (length === undefined) return true;
  if (!/^\d{1,3}$/u.test(length)) return false;
  return Number(length) <= (family === 4 ? 32 : 128);
}

function trustProxy(env: NodeJS.ProcessEnv): Settings['trustProxy'] {
  const value = valueOf(env, 'CCHC_TRUST_PROXY');
  if (value === undefined) return false;
  if (/^\d+$/u.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new SettingsError('CCHC_TRUST_PROXY', `CCHC_TRUST_PROXY="${value}" không hợp lệ: số tầng proxy tin cậy từ 0 đến 10.`);
    return hops === 0 ? false : hops;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = entries.filter((e) => !isProxyAddress(e));
  if (bad.length > 0 || entries.length === 0) {
    throw new SettingsError(
      'CCHC_TRUST_PROXY',
      `CCHC_TRUST_PROXY="${value}" không hợp lệ (${bad.join(', ')}): hãy ghi số tầng proxy (ví dụ 1) hoặc danh sách địa chỉ/dải địa chỉ cách nhau bằng dấu phẩy (ví dụ 127.0.0.1,10.0.0.0/8).`,
    );
  }
  return entries;
}

/** DATABASE_URL → PostgreSQL (a postgres:// or postgresql:// URL, never echoed: it may hold a password); else PGlite. */
export function readDatabaseSetting(env: NodeJS.ProcessEnv = process.env): DatabaseSetting {
  const url = valueOf(env, 'DATABASE_URL');
  if (url === undefined) return { engine: 'pglite', dataDir: valueOf(env, 'CCHC_DATA_DIR') ?? 'data' };
  if (!/^postgres(ql)?:\/\/./u.test(url)) {
    throw new SettingsError(
      'DATABASE_URL',
      'DATABASE_URL không hợp lệ: phải là chuỗi kết nối PostgreSQL dạng postgres://người-dùng@máy:5432/tên-csdl (hoặc postgresql://…); bỏ trống để dùng cơ sở dữ liệu nhúng.',
    );
  }
  return { engine: 'postgres', url };
}

/** Reads and checks every setting; throws {@link SettingsError} on the first wrong one. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const warnings: string[] = [];
  const portText = valueOf(env, 'PORT') ?? '3000';
  const port = /^\d+$/u.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SettingsError('PORT', `PORT="${env['PORT']}" không hợp lệ: một số cổng từ 1 đến 65535.`);
  const host = valueOf(env, 'HOST') ?? '127.0.0.1';

  const database = readDatabaseSetting(env);

  const secureCookies = flag(env, 'CCHC_SECURE_COOKIES', false);
  const proxies = trustProxy(env);
  if (secureCookies && proxies === false) {
    warnings.push(
      'Cảnh báo: CCHC_SECURE_COOKIES=1 nhưng chưa khai báo proxy HTTPS tin cậy (CCHC_TRUST_PROXY): nếu người dùng vào bằng http:// thì trình duyệt sẽ không gửi cookie và không đăng nhập được. Chỉ bật khi truy cập qua https://.',
    );
  }
  const apiDocs = flag(env, 'CCHC_API_DOCS', true);

  const level = (valueOf(env, 'CCHC_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new SettingsError('CCHC_LOG_LEVEL', `CCHC_LOG_LEVEL="${env['CCHC_LOG_LEVEL']}" không hợp lệ: một trong ${LOG_LEVELS.join(', ')}.`);
  }

  const smtpUrl = valueOf(env, 'CCHC_SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/./u.test(smtpUrl)) {
    throw new SettingsError('CCHC_SMTP_URL', 'CCHC_SMTP_URL không hợp lệ: dạng smtp://người-dùng:mật-khẩu@máy-chủ:587 (hoặc smtps://…).');
  }
  const from = valueOf(env, 'CCHC_MAIL_FROM') ?? 'CCHC <no-reply@localhost>';
  return {
    port,
    host,
    database,
    secureCookies,
    trustProxy: proxies,
    apiDocs,
    logLevel: level as LogLevel,
    smtp: smtpUrl ? { url: smtpUrl, from } : null,
    warnings,
  };
}
