/// <reference lib="dom" />
/**
 * What every browser test needs: Debian's chromium (never a downloaded browser) driven by playwright-core, the demo
 * server on an embedded database of its own with the demo's printed accounts, and signing in through the page.
 *
 * Seeding the demo takes the server many seconds (a minute on a busy machine), the same for every file: the first
 * file of a run to need it seeds a data directory, stops that server and keeps the directory with the accounts it
 * printed (under the temporary directory, named by a hash of the code and the data that make the demo, and the
 * day); every file then starts its own server on a copy, as `npm start` finds its directory the second time.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { chromiumArgs, chromiumPath, hasChromium } from '../src/test-support/chromium.js';

export const CHROMIUM = chromiumPath;
const hasClient = existsSync(join(import.meta.dirname, '..', 'web', 'dist', 'index.html'));
if (!hasChromium) console.warn(`[cchc] ${CHROMIUM} not found: browser tests are SKIPPED (apt-get install chromium).`);
if (!hasClient) console.warn('[cchc] web/dist is missing: browser tests are SKIPPED (npm run build).');

/** Whether browser tests can run here (they say why when they cannot). */
export const canRunBrowserTests = hasChromium && hasClient;

export interface DemoBrowser {
  server: RunningServer;
  /** The server's last JSON log lines (requests and errors), newest last. */
  serverLog: readonly string[];
  browser: Browser;
  passwords: Map<string, string>;
  signIn(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..');

/** A hash of everything the seeded demo depends on: the code (src/) and the data (templates/), and the day. */
function demoKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts')) hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'templates'));
  // the demo's rounds and deadlines are dated from today (in Vietnam)
  hash.update(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10));
  return hash.digest('hex').slice(0, 16);
}

/** A new data directory holding the seeded demo, and the lines the server printed when it seeded it (the accounts). */
async function seededDemo(name: string): Promise<{ dataDir: string; lines: string[] }> {
  const kept = join(tmpdir(), `cchc-e2e-demo-${demoKey()}`);
  if (!existsSync(join(kept, 'lines.json'))) {
    // seeded beside it and renamed into place: two files seeding at once each finish, and one directory is kept
    const building = mkdtempSync(join(tmpdir(), `cchc-e2e-seeding-`));
    const lines: string[] = [];
    const server = await startServer({
      demo: true,
      port: 0,
      host: '127.0.0.1',
      env: { CCHC_DATA_DIR: join(building, 'data') },
      log: (l) => lines.push(l),
      logStream: { write: () => undefined },
    });
    await server.stop();
    writeFileSync(join(building, 'lines.json'), JSON.stringify(lines));
    try {
      renameSync(building, kept);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  const dataDir = join(mkdtempSync(join(tmpdir(), `cchc-e2e-${name}-`)), 'data');
  cpSync(join(kept, 'data'), dataDir, { recursive: true });
  return { dataDir, lines: JSON.parse(readFileSync(join(kept, 'lines.json'), 'utf8')) as string[] };
}

export async function startDemoBrowser(name: string): Promise<DemoBrowser> {
  const { dataDir, lines } = await seededDemo(name);
  // the server's JSON request lines are kept (the last 500) rather than printed: a failing test can show them
  const serverLog: string[] = [];
  const server = await startServer({
    demo: true,
    port: 0,
    host: '127.0.0.1',
    env: { CCHC_DATA_DIR: dataDir },
    log: () => undefined,
    logStream: { write: (line: string) => void (serverLog.push(line) > 500 && serverLog.shift()) },
  });
  const passwords = new Map<string, string>();
  for (const line of lines.filter((l) => /^ {2}\w/u.test(l))) {
    const [, username, password] = line.trim().split(/\s+/u);
    passwords.set(username!, password!);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...chromiumArgs] });
  mkdirSync('test-results', { recursive: true });
  return {
    server,
    serverLog,
    browser,
    passwords,
    async signIn(username, viewport = { width: 1366, height: 768 }) {
      const page = await browser.newPage({ viewport, locale: 'vi-VN' });
      await page.goto(server.url);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(passwords.get(username)!);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { name: 'Đợt báo cáo' }).waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

// evaluated through the DevTools protocol: the app's Content-Security-Policy rightly refuses injected script tags
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // the page as it settles, not mid-transition: a dialog fading in is half-transparent, and axe would measure its
  // text's contrast against a blend of it and the page behind (Mantine's transitions are CSS transitions, chained by
  // timers: wait until none has run for two frames in a row)
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const running = () => document.getAnimations().some((a) => a.playState === 'running' || a.pending);
        if (running()) return resolve(false);
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(!running())));
      }),
    undefined,
    { polling: 100, timeout: 10_000 },
  );
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return found.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 5)
        .map((n) => n.target.join(' '))
        .join(' | ')} — ${v.nodes[0]?.failureSummary ?? ''}`,
  );
}

/** What Excel puts on the clipboard, pasted into a cell (focused first) as the browser does it. */
export async function pasteFromExcel(cell: Locator, text: string): Promise<void> {
  await cell.evaluate((el, data) => {
    (el as HTMLElement).focus();
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}
