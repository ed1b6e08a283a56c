import '@mantine/core/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { SessionProvider } from './features/auth/session.js';
import { api } from './api/client.js';
import type { ReportDto } from './api/types.js';
import { parseRoute } from './app/router.js';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

// opening a report directly: ask for it (and then its template) while the session is being checked, not after
const route = parseRoute(window.location.hash);
if (route.name === 'report') {
  void queryClient
    .prefetchQuery({ queryKey: ['report', route.id], queryFn: () => api<ReportDto>(`/api/reports/${route.id}`) })
    .then(() => {
      const report = queryClient.getQueryData<ReportDto>(['report', route.id]);
      if (report) void queryClient.prefetchQuery({ queryKey: ['template', report.templateId], queryFn: () => api(`/api/templates/${report.templateId}`), staleTime: Infinity });
    });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={{ fontFamily: '"Times New Roman", Times, serif', primaryColor: 'red' }}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
