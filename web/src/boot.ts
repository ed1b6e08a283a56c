/**
 * The client's first module, small and quick to evaluate: the first requests' answers are read (early.ts; the page's
 * inline start-up script has sent them: the session and, at a report's address, the report and its template), the
 * font is asked for, the stylesheets are in the page, and the app (React, Mantine, the pages: main.tsx) is loaded. At a report's address the report's grid is drawn as soon as its
 * data is here (first-grid.ts), and the app takes it over when it has arrived.
 */
import { earlyReport, earlySession } from './app/early.js';
import { drawFirstGrid, firstGridFailed } from './features/entry/first-grid.js';
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

/**
 * A pause between two pieces of the app's arrival: until the browser has nothing else waiting (a keystroke, a frame),
 * or half a second at most; a moment where the browser cannot tell (Safari has no requestIdleCallback).
 */
const pause = () =>
  new Promise<void>((resolve) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve),
  );

/**
 * The app after a grid drawn first: its code evaluated in pieces, each its own task (React and React DOM; the app's
 * frame with its Mantine parts; the start, main.tsx, with the rest), so that a keystroke in the grid waits for one
 * piece at most, not for all of them (~200 ms on a slow machine). A piece that fails to load is asked for again with
 * the start, whose failure the page then tells.
 */
const loadAppInPieces = () =>
  void (async () => {
    for (const piece of [() => import('react-dom/client'), () => import('./app/App.js')]) {
      await piece().catch(() => undefined);
      await pause();
    }
    loadApp();
  })();

const report = earlyReport();
if (report) {
  // at a report's address, the app comes once the grid has been drawn and painted: its evaluation would otherwise hold
  // the grid's first paint back; it comes at once when the grid is not drawn
  void drawFirstGrid(report, earlySession()).then((drew) => (drew ? requestAnimationFrame(() => setTimeout(loadAppInPieces)) : loadApp()), loadApp);
} else loadApp();
