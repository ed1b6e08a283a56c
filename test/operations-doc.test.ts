/**
 * docs/operations.md's install and backup steps, run as written: the shell blocks marked `<!-- tested: … -->` run in
 * a temporary root, the paths set on their first lines (CCHC_APP=…, CCHC_ETC=…) replaced by temporary ones; the
 * documented units' and cron line's commands run as written (paths mapped the same way) as a user without a home
 * directory (`nobody`, through runuser), with the minimal environment systemd and cron give. systemd and cron
 * themselves cannot run here. Needs root, runuser, sh and a built dist/: skipped LOUDLY otherwise.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DOC = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
const USER = 'nobody';

/** The blocks marked as tested, by their mark. */
function testedBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of DOC.matchAll(/<!-- tested: ([a-z -]+) -->\n```[a-z]*\n([\s\S]*?)\n```/gu)) blocks.set(m[1]!.trim(), m[2]!);
  return blocks;
}

const which = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
/** The newest modification time under a directory (the sources dist/ is built from, the data files it reads). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith('.test.ts')) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}
const distMain = join(ROOT, 'dist', 'cli', 'main.js');
// the documented commands run the built code: one older than the sources would test something else
// (CCHC_TEST_ANY_DIST=1 runs them anyway, e.g. while editing the docs)
const stale =
  existsSync(distMain) &&
  process.env['CCHC_TEST_ANY_DIST'] !== '1' &&
  Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'templates'))) > statSync(distMain).mtimeMs;
const missing = [
  ...(stale ? ['a dist/ as new as src/ and templates/ (npm run build)'] : []),
  ...(process.getuid?.() === 0 ? [] : ['root (to run as a user without a home directory)']),
  ...['runuser', 'sh', 'gzip'].filter((t) => !which(t)),
  ...(existsSync(join(ROOT, 'dist', 'cli', 'main.js')) ? [] : ['dist/ (npm run build)']),
  ...(spawnSync('getent', ['passwd', USER]).status === 0 ? [] : [`the user ${USER}`]),
];
if (missing.length > 0) console.warn(`[cchc] docs/operations.md's tested blocks are SKIPPED: missing ${missing.join(', ')}.`);

describe.skipIf(missing.length > 0)('docs/operations.md, run as written', () => {
  const base = mkdtempSync(join(tmpdir(), 'cchc-ops-doc-'));
  chmodSync(base, 0o755); // the service account walks through it
  const paths = {
    CCHC_APP: ROOT,
    CCHC_ETC: join(base, 'etc', 'cchc'),
    CCHC_VAR: join(base, 'var', 'lib', 'cchc'),
    CCHC_BACKUPS: join(base, 'var', 'backups', 'cchc'),
    CCHC_LOGS: join(base, 'var', 'log', 'cchc'),
    CCHC_BIN: join(base, 'usr', 'local', 'bin'),
    CCHC_USER: USER,
  };
  /** The documented absolute paths, for the units and the cron line (which cannot hold variables). */
  const mapPaths = (text: string) =>
    text
      .replaceAll('/opt/cchc/app', paths.CCHC_APP)
      .replaceAll('/etc/cchc', paths.CCHC_ETC)
      .replaceAll('/var/lib/cchc', paths.CCHC_VAR)
      .replaceAll('/var/backups/cchc', paths.CCHC_BACKUPS)
      .replaceAll('/var/log/cchc', paths.CCHC_LOGS)
      .replaceAll('/usr/local/bin', paths.CCHC_BIN);
  const blocks = testedBlocks();
  const block = (name: string) => {
    const text = blocks.get(name);
    if (text === undefined) throw new Error(`docs/operations.md has no block marked <!-- tested: ${name} -->`);
    return text;
  };
  /** A shell block with the variables its first lines set replaced by the temporary paths (each must be one of them). */
  const substituted = (text: string) => {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^(CCHC_[A-Z_]+)=\S+/u.exec(lines[i]!);
      if (!m) break; // only the block's first lines name the places
      const name = m[1]!;
      if (!(name in paths)) throw new Error(`docs/operations.md sets ${name}, which the test does not know`);
      lines[i] = `${name}=${paths[name as keyof typeof paths]}`;
    }
    return lines.join('\n');
  };
  const asRoot = (script: string) => spawnSync('sh', ['-c', script], { encoding: 'utf8', cwd: base, timeout: 60_000 });
  /** As the service account, with nothing of root's environment (no HOME: systemd and cron give a bare one). */
  const asService = (command: string, env: Record<string, string> = {}) =>
    spawnSync(
      'runuser',
      ['-u', USER, '--', 'env', '-i', 'PATH=/usr/bin:/bin', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), 'sh', '-c', command],
      {
        encoding: 'utf8',
        cwd: '/',
        timeout: 60_000,
      },
    );
  const backups = () =>
    existsSync(paths.CCHC_BACKUPS) ? readdirSync(paths.CCHC_BACKUPS).filter((f) => /^cchc-\d{4}-\d{2}-\d{2}\.jsonl\.gz$/u.test(f)) : [];
  const settings = `set -a; . ${paths.CCHC_ETC}/env; set +a`;

  it('installs, loads agencies as the service account, backs up by the unit and the cron line, and restores', () => {
    const install = asRoot(substituted(block('install')));
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const script = asRoot(substituted(block('backup-script')));
    expect(script.status, script.stderr).toBe(0);

    // the first start's steps, as the service account (some data to back up)
    const example = join(ROOT, 'docs', 'agencies.example.yaml');
    const first = asService(`${settings}; ${paths.CCHC_BIN}/cchc migrate && ${paths.CCHC_BIN}/cchc agencies import ${example}`);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/PGlite[\s\S]*14 cơ quan — thêm 14/u);

    // the systemd unit: its ExecStart as its User
    const unit = mapPaths(block('unit backup'));
    expect(unit).toMatch(/^User=cchc$/mu);
    const execStart = /^ExecStart=(.+)$/mu.exec(unit)![1]!;
    const byUnit = asService(execStart);
    expect(byUnit.status, byUnit.stderr + byUnit.stdout).toBe(0);
    expect(byUnit.stdout).toMatch(/^Đã sao lưu PGlite/mu);
    expect(backups()).toHaveLength(1);

    // the cron line: minute hour day month weekday user command, the command run by sh as that user
    const cron = mapPaths(block('cron backup')).trim().split(/\s+/u);
    expect(cron[5]).toBe('cchc');
    const byCron = asService(cron.slice(6).join(' '));
    expect(byCron.status, byCron.stderr).toBe(0);
    expect(readFileSync(join(paths.CCHC_LOGS, 'backup.log'), 'utf8')).toMatch(/^Đã sao lưu PGlite/mu);

    // the documented restore test, as the service account
    const restore = asService(substituted(block('restore-test')));
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^Đã khôi phục .*cchc-\d{4}-\d{2}-\d{2}\.jsonl\.gz/mu);
  }, 120_000);

  it("starts the server by the serve unit's ExecStart, as its User, with its EnvironmentFile and Environment", async () => {
    const unit = mapPaths(block('unit serve'));
    const execStart = /^ExecStart=(.+)$/mu.exec(unit)![1]!;
    const envFile = /^EnvironmentFile=(.+)$/mu.exec(unit)![1]!;
    const cwd = /^WorkingDirectory=(.+)$/mu.exec(unit)![1]!;
    expect(/^Environment=PORT=%i$/mu.test(unit)).toBe(true);
    // a port the system says is free now (one derived from the pid was once held by another process: EADDRINUSE)
    const { createServer } = await import('node:net');
    const port = await new Promise<string>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(String(free)));
      });
    });
    const { spawn } = await import('node:child_process');
    const child = spawn(
      'runuser',
      [
        '-u',
        USER,
        '--',
        'env',
        '-i',
        'PATH=/usr/bin:/bin',
        `PORT=${port}`,
        'sh',
        '-c',
        `set -a; . ${envFile}; set +a; cd ${cwd} && exec ${execStart}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      let live: Response | null = null;
      for (let i = 0; i < 120 && !live; i++) {
        await new Promise((r) => setTimeout(r, 250));
        live = await fetch(`http://127.0.0.1:${port}/api/health/live`).catch(() => null);
        if (child.exitCode !== null) break;
      }
      expect(live?.status, output).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).status).toBe(200);
    } finally {
      // SIGTERM to sh's exec'd node (through runuser), as systemd stops a unit
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 90_000);
});
