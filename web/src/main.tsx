// the screen's face: Noto Sans, shipped with the app (every Vietnamese glyph, tabular figures); Times New Roman stays in the DOCX
import '@fontsource-variable/noto-sans';
import '@mantine/core/styles.css';
import './styles.css';
import { createTheme, defaultVariantColorsResolver, MantineProvider, Modal, type VariantColorsResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { SessionProvider } from './features/auth/session.js';
import { reportQuery, templateQuery } from './api/queries.js';
import { parseRoute } from './app/router.js';

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
  fontFamily: '"Noto Sans Variable", "Noto Sans", "Segoe UI", Arial, sans-serif',
  headings: { fontFamily: '"Noto Sans Variable", "Noto Sans", "Segoe UI", Arial, sans-serif' },
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

// opening a report directly: ask for it (and then its template) while the session is being checked, not after
const route = parseRoute(window.location.hash);
if (route.name === 'report') {
  const report = reportQuery(route.id);
  void queryClient.prefetchQuery(report).then(() => {
    const data = queryClient.getQueryData(report.queryKey);
    if (data) void queryClient.prefetchQuery(templateQuery(data.templateId));
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
