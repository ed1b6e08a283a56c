/**
 * Which Debian Chromium the browser tests and bench:ui drive (never a downloaded browser): CHROMIUM_PATH when set,
 * else chromium-headless-shell when installed, else chromium. The headless shell is the same engine, built from the
 * same Debian source package, without the browser's own pages: Chromium 156's headless mode draws its omnibox popup (a
 * WebUI page, in a renderer of its own) for every new tab, which on a 2-core machine took a core for a while at each
 * page a test opened (a browser test file ran 28% faster on the shell, and far more under two workers).
 */
import { existsSync } from 'node:fs';

const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const CHROMIUM = '/usr/bin/chromium';

/** The browser's executable. */
export const chromiumPath: string = process.env['CHROMIUM_PATH'] ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : CHROMIUM);

/** Whether that browser is here. */
export const hasChromium: boolean = existsSync(chromiumPath);

/** The flags every launch passes (headless, no sandbox in a container, nothing fetched from the internet). */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
