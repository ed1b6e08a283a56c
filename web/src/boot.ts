/**
 * The client's first module, small and quick to evaluate: the first requests' answers are read (early.ts; the page's
 * inline start-up script has sent them: the session and, at a report's address, the report and its template), the
 * font is asked for, the stylesheets are in the page, and the app (React, Mantine, the pages: main.tsx) is loaded. At a report's address the report's grid is drawn as soon as its
 * data is here (first-grid.ts), and the app takes it over when it has arrived.
 */
import { earlyReport, earlySession } from './app/early.js';
import { drawFirstGrid, dropServedGrid, firstGridFailed } from './features/entry/first-grid.js';
// the screen's face: Noto Sans, shipped with the app (every Vietnamese glyph, tabular figures); Times New Roman stays in the DOCX
import '@fontsource-variable/noto-sans';
// the app's own styles, for the grid drawn first; Mantine's (in a cascade layer, under these) come with the app
import './styles.css';

/** The app's code could not be loaded (a lost connection, a new version deployed meanwhile): said on the page. */
function appFailed(error: unknown): void {
  console.error('the app could not be loaded', error);
  const message = 'Không tải được các chức năng của trang (mất kết nối hoặc hệ thống vừa được cập nhật). Hãy tải lại trang.';
  if (!firstGridFailed(`${message} Số liệu vừa nhập vào bảng được giữ trên máy này và sẽ được gửi khi trang tải được.`))
    document.getElementById('root')?.replaceChildren(message);
}

const loadApp = () => void import('./main.js').catch(appFailed);

/** Until the browser has nothing else waiting (a keystroke, a frame), or half a second at most (Safari: a moment). */
const idle = () =>
  new Promise<void>((resolve) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve),
  );

/**
 * How long the officer has not typed, clicked or pasted before the next piece of the app is evaluated: a piece holds
 * the page for tens of milliseconds on a slow machine, and a keystroke in the grid should not wait for one. A reader
 * gives that pause at once; a typist between two words.
 */
const QUIET_MS = 200;
// the page's start counts as one: the grid has just been drawn, and the officer's first keystroke is near
let lastAction = performance.now();
for (const type of ['keydown', 'input', 'pointerdown', 'paste'])
  document.addEventListener(type, () => (lastAction = performance.now()), { capture: true, passive: true });

/**
 * At most this long the app waits for pauses, in all: an officer typing without one still gets the page around the grid
 * (its checks, autosave) in a moment; what she types meanwhile is read and kept by the grid.
 */
const LONGEST_WAIT_MS = 1500;

/** A pause in the officer's work (QUIET_MS without an action; not past `until`), then an idle moment of the browser. */
async function pause(until: number): Promise<void> {
  const wait = () => Math.min(lastAction + QUIET_MS, until) - performance.now();
  for (let left = wait(); left > 0; left = wait()) await new Promise((resolve) => setTimeout(resolve, left));
  await idle();
}

/**
 * The app after a grid drawn first: its code evaluated in pieces, each its own task (React and React DOM; the app's
 * frame with its Mantine parts; the start, main.tsx, with the rest), each in a pause of the officer's work (1.5 s
 * from the first at most), so that a keystroke in the grid waits for no piece (~200 ms in all on a slow machine): the
 * grid reads and keeps what is typed meanwhile. A piece that fails to load is asked for again with the start, whose failure the page then tells.
 */
const loadAppInPieces = () =>
  void (async () => {
    const until = performance.now() + LONGEST_WAIT_MS;
    for (const piece of [() => import('react-dom/client'), () => import('./app/App.js')]) {
      await pause(until);
      await piece().catch(() => undefined);
    }
    await pause(until);
    loadApp();
  })();

const report = earlyReport();
if (report) {
  // at a report's address, the app comes once the grid has been drawn and painted: its evaluation would otherwise hold
  // the grid's first paint back; it comes at once when the grid is not drawn
  void drawFirstGrid(report, earlySession()).then(
    (drew) => (drew ? requestAnimationFrame(() => setTimeout(loadAppInPieces)) : loadApp()),
    () => {
      dropServedGrid();
      loadApp();
    },
  );
} else {
  // a grid the server drew for a report the address does not show ("/reports/a#/rounds"): not this page's
  dropServedGrid();
  loadApp();
}
