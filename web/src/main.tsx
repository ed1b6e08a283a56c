/**
 * The app: React, Mantine and the pages, loaded by boot.ts once the first requests are on their way (the page's inline
 * start-up script, read by early.ts) and, at a report's address, the report's grid is drawn (first-grid.ts).
 */
import { answerOf, earlyFonts, earlyReport, earlySession } from './app/early.js';
import { firstGridShown, pageStarting } from './features/entry/first-grid.js';
import '@mantine/core/styles.layer.css';
import { createTheme, defaultVariantColorsResolver, MantineProvider, Modal, type VariantColorsResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, ReportPage } from './app/App.js';
import { SessionProvider } from './features/auth/session.js';
import { startRouter } from './app/router.js';
import { agencyQuery, reportQuery, templateQuery } from './api/queries.js';

// light badges, buttons and alerts: text in the colour's darkest shade, readable on their pale background (WCAG AA);
// the bright colours' darkest shades are still too light there, so their text is near-black
const BRIGHT = new Set(['yellow', 'orange', 'lime', 'green', 'teal', 'cyan']);
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (input.variant !== 'light' || !(color in input.theme.colors)) return colors;
  return { ...colors, color: BRIGHT.has(color) ? 'var(--mantine-color-dark-7)' : `var(--mantine-color-${color}-9)` };
};

// every dialog's close button is named for screen readers
const theme = createTheme({
  // the screen's face, as styles.css names it (the grid drawn before the app is set in it too)
  fontFamily: 'var(--cchc-font)',
  headings: { fontFamily: 'var(--cchc-font)' },
  primaryColor: 'red',
  // the darkest reds: white on them, and they on white, read at WCAG AA contrast (4.5:1)
  primaryShade: 9,
  // filled badges and buttons choose black or white text, whichever reads better on their colour
  autoContrast: true,
  luminanceThreshold: 0.2,
  variantColorResolver,
  components: { Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Đóng' } } }) },
});

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

// opening a report directly: the report and its template sent at start-up (early.ts) are the page's cache entries,
// and its page's code is loaded meanwhile, while the session is being checked, not after
const early = earlyReport();
const firstAnswers: Promise<unknown>[] = [earlySession().promise, earlyFonts()];
if (early) {
  firstAnswers.push(ReportPage.preload(), early.report.promise, early.template.promise);
  void queryClient.prefetchQuery({ ...reportQuery(early.id), queryFn: () => early.report.promise });
  void early.template.promise.then(
    (template) => queryClient.prefetchQuery({ ...templateQuery(template.id), queryFn: () => early.template.promise }),
    () => undefined,
  );
  // the agency's name (the page's title) is not waited for, but asked for now rather than once the page is drawn
  void early.report.promise.then(
    (report) => queryClient.prefetchQuery(agencyQuery(report.agencyId)),
    () => undefined,
  );
}

function render() {
  pageStarting();
  startRouter();
  // what has arrived is in the cache before the first render, so the page is drawn with it at once
  const report = early ? answerOf(early.report) : undefined;
  const template = early ? answerOf(early.template) : undefined;
  if (early && report) queryClient.setQueryData(reportQuery(early.id).queryKey, report);
  if (report && template?.id === report.templateId) queryClient.setQueryData(templateQuery(template.id).queryKey, template);
  const page = (
    <StrictMode>
      <MantineProvider theme={theme}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <App />
          </SessionProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>
  );
  const root = createRoot(document.getElementById('root')!);
  // a report's grid already drawn (first-grid.ts) is in the officer's hands: the page around it is drawn without
  // holding her typing back (a transition: React yields to the browser between parts of the drawing)
  if (firstGridShown()) startTransition(() => root.render(page));
  else root.render(page);
}

// the first render waits for those answers and the font (they take a moment): the page is drawn once, with its data, in
// its font, instead of a spinner, the header and then the page, each laid out in turn (and again when the font comes);
// a server slower than a second gets the spinner
const FIRST_RENDER_WAIT_MS = 1000;
void Promise.race([Promise.allSettled(firstAnswers), new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]).then(render);
