/// <reference lib="dom" />
/**
 * What every browser test needs: Debian's chromium (never a downloaded browser) driven by playwright-core, the demo
 * server on an empty embedded database with its printed accounts, and signing in through the page.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/start-server.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const hasClient = existsSync(join(import.meta.dirname, '..', 'web', 'dist', 'index.html'));
if (!hasChromium) console.warn(`[cchc] ${CHROMIUM} not found: browser tests are SKIPPED (apt-get install chromium).`);
if (!hasClient) console.warn('[cchc] web/dist is missing: browser tests are SKIPPED (npm run build).');

/** Whether browser tests can run here (they say why when they cannot). */
export const canRunBrowserTests = hasChromium && hasClient;

export interface DemoBrowser {
  server: RunningServer;
  browser: Browser;
  passwords: Map<string, string>;
  signIn(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startDemoBrowser(name: string): Promise<DemoBrowser> {
  const lines: string[] = [];
  const server = await startServer({
    demo: true,
    port: 0,
    host: '127.0.0.1',
    env: { CCHC_DATA_DIR: mkdtempSync(join(tmpdir(), `cchc-e2e-${name}-`)) },
    log: (l) => lines.push(l),
  });
  const passwords = new Map<string, string>();
  for (const line of lines.filter((l) => /^ {2}\w/u.test(l))) {
    const [, username, password] = line.trim().split(/\s+/u);
    passwords.set(username!, password!);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync('test-results', { recursive: true });
  return {
    server,
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
