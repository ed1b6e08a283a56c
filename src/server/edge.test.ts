/**
 * The HTTP edge: body limits, path spellings, the request log, readiness with the database down, the page over plain
 * HTTP on an office LAN, static assets compressed and cached, /api/docs off, uploads at the limit, settings refused.
 * On the embedded database (none of this depends on the engine; the sign-in throttle is tested on both in app.test).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { as, signIn } from '../test-support/http.js';
import { onPGlite, TEST_LOGIN_LIMIT } from '../test-support/both-engines.js';
import { PASSWORD } from '../test-support/world.js';
import type { AppOptions } from './app.js';
import { inlineScriptHashes } from './inline-scripts.js';
import { precompress } from './precompress.js';
import { MAX_UPLOAD_BYTES } from './services/import.service.js';
import { readSettings, SettingsError } from './settings.js';
import { startServer } from './start-server.js';

onPGlite('the HTTP edge', (engine) => {
  /** A fresh world whose app has these options besides the test defaults; closed with its test. */
  const world = (options: AppOptions = {}) => engine.world({ app: { engine: engine.name, loginLimit: TEST_LOGIN_LIMIT, ...options } });

  describe('body limits', () => {
    it('refuses a big sign-in body with 413 before parsing it', async () => {
      const w = await world();
      const parse = vi.spyOn(JSON, 'parse');
      const body = `{"username":"admin","password":${'['.repeat(1_800_000)}`;
      const response = await w.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: body });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: 'too-large', detail: 'Dữ liệu gửi lên quá lớn.' });
      expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 10_000)).toEqual([]);
      parse.mockRestore();
      // a sign-in of ordinary size still works, and a default route keeps a small limit too
      expect((await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } })).statusCode).toBe(
        200,
      );
      const s = await signIn(w.app, 'admin');
      const account = await w.app.inject({
        method: 'POST',
        url: '/api/accounts',
        headers: { ...as(s), 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'x'.repeat(100_000) }),
      });
      expect(account.statusCode).toBe(413);
      // a route that needs more keeps more: 300 KB of cells reach the report's validation (400), not a 413
      const cells = Array.from({ length: 6000 }, (_, i) => ({ rowId: `r${i}`, raw: '123456789012345678901234567890' }));
      const big = await w.app.inject({ method: 'PUT', url: '/api/reports/nope/values', headers: as(s), payload: { version: 1, cells } });
      expect(big.statusCode).not.toBe(413);
    }, 120_000);
  });

  describe('path spellings', () => {
    it('answers no spelling of a path with a 500, and decides on the matched route', async () => {
      const w = await world();
      const s = await signIn(w.app, 'khcn.xem');
      // the raw URL is not what decides: the encoded spelling of a route needing a session needs one
      const encoded = await w.app.inject({ method: 'POST', url: '/%61pi/auth/logout' });
      expect(encoded.statusCode).toBe(401);
      expect(encoded.json().code).toBe('unauthenticated');
      expect((await w.app.inject({ method: 'GET', url: '/%61pi/agencies' })).statusCode).toBe(401);
      expect((await w.app.inject({ method: 'GET', url: '/%61pi/agencies', headers: as(s) })).statusCode).toBe(200);
      expect((await w.app.inject({ method: 'GET', url: '/%61pi/health' })).statusCode).toBe(200);
      const spellings = [
        '/%61pi/auth/logout',
        '/api/auth/%6cogout',
        '/%2561pi/auth/logout',
        '//api/auth/logout',
        '/api//auth/logout',
        '/api/./auth/logout',
        '/api/auth/../auth/logout',
        '/api/%2e/auth/logout',
        '/API/auth/logout',
        '/api/auth/logout/',
        '/api%2fauth%2flogout',
        '/api/auth/logout%00',
        '/api/auth/logout;x=1',
        '/api/auth/logout?%',
        '/%',
        '/%ZZ',
        '/api/reports/%ZZ',
        '/api/reports/%E0%A4%A',
        '/api/reports/%2e%2e',
        '/api/reports/%252e%252e',
        '/%61pi/reports/abc/values',
        '/%61pi/auth/me',
        '/%61pi/auth/password',
        '/%61pi/rounds',
        '/%61pi/imports/preview',
        '/api/health%2fready',
        '/api/docs/%2e%2e/%2e%2e/package.json',
        '/assets/%2e%2e/%2e%2e/package.json',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/index.html%00.js',
        `/api/reports/${'%'.repeat(50)}`,
      ];
      const failures: string[] = [];
      // a signed-in officer with her CSRF token; a spelling that reached the logout ends her session, so she signs in again
      let officer = as(await signIn(w.app, 'khcn.baocao'));
      let loggedOut = 0;
      for (const url of spellings) {
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const) {
          for (const who of ['anonymous', 'no token', 'officer'] as const) {
            const headers = who === 'anonymous' ? {} : who === 'no token' ? { cookie: s.cookie } : officer;
            const withBody = method === 'GET' || method === 'HEAD' ? {} : { payload: { version: 1 } };
            const response = await w.app.inject({ method, url, headers, ...withBody });
            if (response.statusCode >= 500) failures.push(`${method} ${url} → ${response.statusCode} ${response.body.slice(0, 120)}`);
            if (who === 'officer' && (await w.app.inject({ method: 'GET', url: '/api/auth/me', headers: officer })).statusCode === 401) {
              loggedOut++;
              officer = as(await signIn(w.app, 'khcn.baocao'));
            }
          }
        }
      }
      expect(failures).toEqual([]);
      // the spellings of the logout route that the router decodes to it did log her out (each one signed in again)
      expect(loggedOut).toBeGreaterThan(0);
    }, 120_000);
  });

  describe('the request log', () => {
    it('writes one JSON line per request with its id, route, status, duration and reason, never a password or a token', async () => {
      const lines: string[] = [];
      const w = await world({ log: { level: 'info', stream: { write: (line) => void lines.push(line) } } });
      const secret = 'Mat-Khau-Bi-Mat-42';
      expect((await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: secret } })).statusCode).toBe(401);
      // a malformed body whose parser message would quote it
      const malformed = await w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: `{"username":"admin","password":"${secret}"`,
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.body).not.toContain(secret);
      const ok = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
      const token = ok.cookies[0]!.value;
      await w.app.inject({ method: 'GET', url: '/api/agencies?x=1', headers: { cookie: `cchc_session=${token}` } });
      const all = lines.join('');
      for (const hidden of [secret, PASSWORD, token, ok.json().csrfToken]) expect(all).not.toContain(hidden);
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records).toHaveLength(4);
      const [failed, bad, , listed] = records;
      expect(failed).toMatchObject({
        level: 'info',
        msg: 'request',
        method: 'POST',
        route: '/api/auth/login',
        path: '/api/auth/login',
        status: 401,
        reason: 'failed login for admin',
      });
      expect(failed!['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u);
      expect(typeof failed!['reqId']).toBe('string');
      expect(typeof failed!['durationMs']).toBe('number');
      expect(bad).toMatchObject({ status: 400, reason: 'invalid JSON body' });
      expect(listed).toMatchObject({ route: '/api/agencies', path: '/api/agencies', status: 200 });
      expect(listed).not.toHaveProperty('reason');
      expect(new Set(records.map((r) => r['reqId'])).size).toBe(4);
      // a failure is logged at error level, with the English reason (the database closed under the app)
      lines.length = 0;
      await w.database.close();
      const down = await w.app.inject({ method: 'GET', url: '/api/agencies', headers: { cookie: `cchc_session=${token}` } });
      expect(down.statusCode).toBe(500);
      const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(errors.map((e) => [e['level'], e['msg']])).toEqual([
        ['error', 'unhandled error'],
        ['error', 'request failed'],
      ]);
      expect(errors[1]).toMatchObject({ route: '/api/agencies', status: 500 });
      expect(String(errors[1]!['reason'])).not.toBe('');
    });
  });

  describe('health', () => {
    it('is live without the database, and ready only while the database answers (503 with the reason otherwise)', async () => {
      const w = await world();
      expect((await w.app.inject({ method: 'GET', url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
      for (const url of ['/api/health/ready', '/api/health']) {
        const ready = await w.app.inject({ method: 'GET', url });
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toEqual({ status: 'ok', engine: 'pglite' });
      }
      await w.database.close();
      for (const url of ['/api/health/ready', '/api/health']) {
        const down = await w.app.inject({ method: 'GET', url });
        expect(down.statusCode).toBe(503);
        expect(down.headers['content-type']).toContain('application/problem+json');
        expect(down.json()).toMatchObject({ status: 503, code: 'not-ready', detail: 'Máy chủ chưa sẵn sàng: không kết nối được cơ sở dữ liệu.' });
        expect(down.json().reason).toMatch(/^database unreachable: ./u);
      }
      const live = await w.app.inject({ method: 'GET', url: '/api/health/live' });
      expect(live.statusCode).toBe(200);
    });
  });

  describe('the page and its assets', () => {
    const built = join(import.meta.dirname, '..', '..', 'web', 'dist');

    it('loads over plain HTTP on a LAN name: no HSTS, no upgrade-insecure-requests, assets compressed and cached for good', async () => {
      expect(existsSync(join(built, 'index.html')), 'the web client is not built: run npm run build').toBe(true);
      const webRoot = mkdtempSync(join(tmpdir(), 'cchc-web-'));
      cpSync(built, webRoot, { recursive: true });
      expect(precompress(webRoot).length).toBeGreaterThan(0);
      const w = await world({ webRoot });
      for (const host of ['cchc.so-noi-vu.local', '192.168.10.25:3000']) {
        const page = await w.app.inject({ method: 'GET', url: '/', headers: { host } });
        expect(page.statusCode).toBe(200);
        expect(page.headers['strict-transport-security']).toBeUndefined();
        expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
        expect(page.headers['cache-control']).toBe('no-cache');
        // the page's one inline script (the start-up requests) is allowed by its hash, and no other inline script
        const inline = inlineScriptHashes(page.body);
        expect(inline).toHaveLength(1);
        const scriptSrc = String(page.headers['content-security-policy'])
          .split(';')
          .find((d) => d.startsWith('script-src '));
        expect(scriptSrc?.split(' ')).toEqual(['script-src', "'self'", ...inline]);
        const urls = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/gu)].map((m) => m[1]!);
        expect(urls.length).toBeGreaterThan(0);
        expect(urls.filter((url) => url.endsWith('.woff2'))).toHaveLength(3);
        for (const url of urls) {
          const asset = await w.app.inject({ method: 'GET', url, headers: { host, 'accept-encoding': 'br, gzip' } });
          expect(asset.statusCode, url).toBe(200);
          expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
          expect(asset.headers['strict-transport-security']).toBeUndefined();
          // the screen's font, preloaded by the page, is compressed already (WOFF2): sent as it is
          if (url.endsWith('.woff2')) {
            expect(asset.headers['content-encoding']).toBeUndefined();
            continue;
          }
          expect(asset.headers['content-encoding']).toBe('br');
          const plain = await w.app.inject({ method: 'GET', url, headers: { host } });
          expect(plain.headers['content-encoding']).toBeUndefined();
          expect(plain.body.length).toBeGreaterThan(asset.rawPayload.length);
        }
      }
      // a forwarded "https" from a proxy nobody trusts changes nothing
      const spoofed = await w.app.inject({ method: 'GET', url: '/', headers: { host: 'cchc.so-noi-vu.local', 'x-forwarded-proto': 'https' } });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    });

    it('sends HSTS and upgrade-insecure-requests on HTTPS deployments, and turns /api/docs off', async () => {
      const secure = await world({ secureCookies: true });
      const proxied = await world({ trustProxy: ['127.0.0.1'], apiDocs: false });
      const page = await secure.app.inject({ method: 'GET', url: '/api/health/live' });
      expect(page.headers['strict-transport-security']).toContain('max-age=');
      expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      const viaProxy = await proxied.app.inject({ method: 'GET', url: '/api/health/live', headers: { 'x-forwarded-proto': 'https' } });
      expect(viaProxy.headers['strict-transport-security']).toContain('max-age=');
      const plain = await proxied.app.inject({ method: 'GET', url: '/api/health/live' });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      for (const url of ['/api/docs', '/api/docs/json']) expect((await proxied.app.inject({ method: 'GET', url })).statusCode).toBe(404);
      expect((await secure.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200);
    });
  });

  describe('uploads at the limit', () => {
    /** Sends a multipart upload in the given chunks, waiting between them, over a real socket. */
    function send(url: string, headers: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const request = httpRequest(url, { method: 'POST', headers }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (c: string) => (body += c));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.on('error', reject);
        void (async () => {
          for (const chunk of chunks) {
            await new Promise<void>((done) => request.write(chunk, () => done()));
            await new Promise((r) => setTimeout(r, 200));
          }
          request.end();
        })();
      });
    }

    it('refuses a file that reaches the limit, even when its body ends at a chunk boundary, and one a little over it', async () => {
      const w = await world();
      await w.app.listen({ port: 0, host: '127.0.0.1' });
      const s = await signIn(w.app, 'khcn.baocao');
      const address = w.app.server.address() as { port: number };
      const url = `http://127.0.0.1:${address.port}/api/imports/preview`;
      const boundary = 'cchcboundary';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const data = Buffer.alloc(MAX_UPLOAD_BYTES, 0x41);
      const headers = {
        ...as(s),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + data.length + tail.length),
      };
      // the file's last byte closes a chunk; the closing boundary comes in the next one
      const atBoundary = await send(url, headers, [Buffer.concat([head, data]), tail]);
      expect(atBoundary.status, atBoundary.body).toBe(413);
      expect(JSON.parse(atBoundary.body)).toMatchObject({ code: 'too-large', detail: 'Tệp quá lớn (tối đa 20 MB).' });
      // a little over the limit, sent by Node's fetch and FormData
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(MAX_UPLOAD_BYTES + 1000, 0x41)], { type: 'text/plain' }), 'lon.txt');
      const over = await fetch(url, { method: 'POST', headers: as(s), body: form });
      expect(over.status).toBe(413);
      expect(((await over.json()) as { code: string }).code).toBe('too-large');
    }, 120_000);
  });
});

describe('settings', () => {
  it('reads every setting, and refuses a wrong one with a clear message naming it', () => {
    expect(readSettings({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { engine: 'pglite', dataDir: 'data' },
      secureCookies: false,
      trustProxy: false,
      apiDocs: true,
      logLevel: 'info',
      smtp: null,
      warnings: [],
    });
    expect(readSettings({ CCHC_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(readSettings({ CCHC_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readSettings({ CCHC_TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(readSettings({ CCHC_API_DOCS: '0', CCHC_LOG_LEVEL: 'silent', DATABASE_URL: 'postgresql://u@h/db' })).toMatchObject({
      apiDocs: false,
      logLevel: 'silent',
      database: { engine: 'postgres' },
    });
    expect(readSettings({ CCHC_SECURE_COOKIES: '1' }).warnings[0]).toContain('CCHC_SECURE_COOKIES=1');
    expect(readSettings({ CCHC_SECURE_COOKIES: '1', CCHC_TRUST_PROXY: '127.0.0.1' }).warnings).toEqual([]);
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        readSettings(env);
      } catch (error) {
        expect(error).toBeInstanceOf(SettingsError);
        return [(error as SettingsError).setting, (error as SettingsError).message];
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    expect(refused({ CCHC_SECURE_COOKIES: 'true' })).toEqual([
      'CCHC_SECURE_COOKIES',
      'CCHC_SECURE_COOKIES="true" không hợp lệ: chỉ nhận 1 (bật) hoặc 0 (tắt).',
    ]);
    const [name, message] = refused({ DATABASE_URL: 'mysql://root:hunter2@db/cchc' });
    expect(name).toBe('DATABASE_URL');
    expect(message).toContain('postgres://');
    expect(message).not.toContain('hunter2');
    expect(refused({ CCHC_API_DOCS: 'yes' })[0]).toBe('CCHC_API_DOCS');
    expect(refused({ CCHC_LOG_LEVEL: 'verbose' })[0]).toBe('CCHC_LOG_LEVEL');
    expect(refused({ CCHC_TRUST_PROXY: 'true' })[0]).toBe('CCHC_TRUST_PROXY');
    expect(refused({ CCHC_TRUST_PROXY: '10.0.0.0/33' })[0]).toBe('CCHC_TRUST_PROXY');
    expect(refused({ PORT: 'abc' })[0]).toBe('PORT');
    expect(refused({ CCHC_SMTP_URL: 'mail.tinh.gov.vn' })[0]).toBe('CCHC_SMTP_URL');
  });

  it('stops the start on a wrong setting before opening anything', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cchc-settings-')), 'data');
    const lines: string[] = [];
    await expect(
      startServer({
        demo: false,
        port: 0,
        host: '127.0.0.1',
        env: { CCHC_DATA_DIR: dataDir, CCHC_SECURE_COOKIES: 'true' },
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow(SettingsError);
    expect(existsSync(dataDir)).toBe(false);
    expect(lines).toEqual([]);
    await expect(
      startServer({ demo: false, port: 0, host: '127.0.0.1', env: { DATABASE_URL: 'localhost:5432/cchc' }, log: () => {} }),
    ).rejects.toThrow(/DATABASE_URL không hợp lệ/u);
  });
});

// the list of files the precompress step writes stays beside the assets only
describe('precompress', () => {
  it('writes .br and .gz beside the compressible assets only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-pre-'));
    cpSync(join(import.meta.dirname, '..', '..', 'web', 'dist'), dir, { recursive: true });
    precompress(dir);
    const names = readdirSync(join(dir, 'assets'));
    const scripts = names.filter((n) => /\.(js|css)$/u.test(n));
    // every script or style sheet worth it (over a kilobyte: page chunks, the bundle) has both beside it
    const large = scripts.filter((n) => statSync(join(dir, 'assets', n)).size > 1024);
    expect(large.length).toBeGreaterThan(0);
    for (const name of large) expect(names).toEqual(expect.arrayContaining([`${name}.br`, `${name}.gz`]));
    // a file that would not shrink (a chunk of a few dozen bytes) is left alone
    for (const name of scripts) {
      const bytes = readFileSync(join(dir, 'assets', name));
      expect(names.includes(`${name}.gz`), name).toBe(gzipSync(bytes, { level: 9 }).length < bytes.length);
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.br') || n.endsWith('.gz'))).toEqual([]);
  });
});
