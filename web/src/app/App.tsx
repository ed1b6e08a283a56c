import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { AccountsPage } from '../features/accounts/AccountsPage.js';
import { LoginPage } from '../features/auth/LoginPage.js';
import { useSession } from '../features/auth/session.js';
import { ReportPage } from '../features/entry/ReportPage.js';
import { BoardPage } from '../features/rounds/BoardPage.js';
import { RoundsPage } from '../features/rounds/RoundsPage.js';
import { Layout } from './Layout.js';
import { ConsolidationPage } from '../features/consolidation/ConsolidationPage.js';
import { HistoryPage } from '../features/history/HistoryPage.js';
import { ImportPage } from '../features/import/ImportPage.js';
import { ProvinceReportPage } from '../features/province-report/ProvinceReportPage.js';
import { TemplatesPage } from '../features/templates/TemplatesPage.js';
import { useRoute } from './router.js';

// the dashboards bring ECharts: loaded only when opened
const DashboardsPage = lazy(() => import('../features/dashboards/DashboardsPage.js'));

export function App() {
  const { actor, loading } = useSession();
  const route = useRoute();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Đang tải" />
      </Center>
    );
  }
  if (!actor) return <LoginPage />;
  return (
    <Layout>
      {route.name === 'round' ? (
        <BoardPage id={route.id} />
      ) : route.name === 'report' ? (
        <ReportPage id={route.id} />
      ) : route.name === 'consolidation' ? (
        <ConsolidationPage id={route.id} />
      ) : route.name === 'province-report' ? (
        <ProvinceReportPage id={route.id} />
      ) : route.name === 'import' ? (
        <ImportPage />
      ) : route.name === 'templates' ? (
        <TemplatesPage />
      ) : route.name === 'accounts' ? (
        <AccountsPage />
      ) : route.name === 'history' ? (
        <HistoryPage />
      ) : route.name === 'dashboards' ? (
        <Suspense fallback={<Loader aria-label="Đang tải" />}>
          <DashboardsPage />
        </Suspense>
      ) : (
        <RoundsPage />
      )}
    </Layout>
  );
}
