import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { AccountsPage } from '../features/accounts/AccountsPage.js';
import { LoginPage } from '../features/auth/LoginPage.js';
import { useSession } from '../features/auth/session.js';
import { ReportPage } from '../features/entry/ReportPage.js';
import { HomePage } from '../features/home/HomePage.js';
import { BoardPage } from '../features/rounds/BoardPage.js';
import { RoundsPage } from '../features/rounds/RoundsPage.js';
import { Layout } from './Layout.js';
import { ConsolidationPage } from '../features/consolidation/ConsolidationPage.js';
import { HistoryPage } from '../features/history/HistoryPage.js';
import { ImportPage } from '../features/import/ImportPage.js';
import { ImportBatchDocumentPage, ImportBatchesPage, ImportBatchPage } from '../features/import/ImportBatchPage.js';
import { ProvinceReportPage } from '../features/province-report/ProvinceReportPage.js';
import { TemplatesPage } from '../features/templates/TemplatesPage.js';
import { PlanPage } from '../features/plan/PlanPage.js';
import { useRoute } from './router.js';

// the dashboards bring ECharts: loaded only when opened
const DashboardsPage = lazy(() => import('../features/dashboards/DashboardsPage.js'));
// the CCHC index brings ECharts too
const ParIndexPage = lazy(() => import('../features/par-index/ParIndexPage.js'));

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
      {route.name === 'home' && (actor.role === 'reporter' || actor.role === 'approver') ? (
        <HomePage />
      ) : route.name === 'round' ? (
        <BoardPage id={route.id} />
      ) : route.name === 'report' ? (
        <ReportPage id={route.id} />
      ) : route.name === 'consolidation' ? (
        <ConsolidationPage id={route.id} />
      ) : route.name === 'province-report' ? (
        <ProvinceReportPage id={route.id} />
      ) : route.name === 'import' ? (
        <ImportPage />
      ) : route.name === 'import-batches' ? (
        <ImportBatchesPage />
      ) : route.name === 'import-batch' ? (
        <ImportBatchPage id={route.id} />
      ) : route.name === 'import-batch-document' ? (
        <ImportBatchDocumentPage key={route.id} batchId={route.batchId} id={route.id} />
      ) : route.name === 'plan' ? (
        <PlanPage />
      ) : route.name === 'par-index' || route.name === 'par-index-assessment' ? (
        <Suspense fallback={<Loader aria-label="Đang tải" />}>
          {route.name === 'par-index-assessment' ? (
            <ParIndexPage key={`${route.setId}/${route.agencyId}`} setId={route.setId} agencyId={route.agencyId} />
          ) : (
            <ParIndexPage />
          )}
        </Suspense>
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
