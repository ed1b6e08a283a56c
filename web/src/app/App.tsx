import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { letFirstGridGo } from '../features/entry/first-grid.js';
import { LoginPage } from '../features/auth/LoginPage.js';
import { useSession } from '../features/auth/session.js';
import { Layout } from './Layout.js';
import { useRoute } from './router.js';
import { lazyPage } from './lazy-page.js';

/**
 * Each page is its own chunk, loaded when its route is opened: the page opened first brings only its own code (the
 * dashboards and the CCHC index bring ECharts, the template editor, the importer and the plan their own dialogs). The
 * report page's chunk is asked for at start-up when the address is a report (main.tsx), like the report itself.
 */
export const ReportPage = lazyPage(() => import('../features/entry/ReportPage.js').then((m) => m.ReportPage));
const HomePage = lazyPage(() => import('../features/home/HomePage.js').then((m) => m.HomePage));
const BoardPage = lazyPage(() => import('../features/rounds/BoardPage.js').then((m) => m.BoardPage));
const RoundsPage = lazyPage(() => import('../features/rounds/RoundsPage.js').then((m) => m.RoundsPage));
const AccountsPage = lazyPage(() => import('../features/accounts/AccountsPage.js').then((m) => m.AccountsPage));
const ConsolidationPage = lazyPage(() => import('../features/consolidation/ConsolidationPage.js').then((m) => m.ConsolidationPage));
const HistoryPage = lazyPage(() => import('../features/history/HistoryPage.js').then((m) => m.HistoryPage));
const ImportPage = lazyPage(() => import('../features/import/ImportPage.js').then((m) => m.ImportPage));
const ImportBatchesPage = lazyPage(() => import('../features/import/ImportBatchPage.js').then((m) => m.ImportBatchesPage));
const ImportBatchPage = lazyPage(() => import('../features/import/ImportBatchPage.js').then((m) => m.ImportBatchPage));
const ImportBatchDocumentPage = lazyPage(() => import('../features/import/ImportBatchPage.js').then((m) => m.ImportBatchDocumentPage));
const ProvinceReportPage = lazyPage(() => import('../features/province-report/ProvinceReportPage.js').then((m) => m.ProvinceReportPage));
const TemplatesPage = lazyPage(() => import('../features/templates/TemplatesPage.js').then((m) => m.TemplatesPage));
const PlanPage = lazyPage(() => import('../features/plan/PlanPage.js').then((m) => m.PlanPage));
const DashboardsPage = lazyPage(() => import('../features/dashboards/DashboardsPage.js').then((m) => m.DashboardsPage));
const ParIndexPage = lazyPage(() => import('../features/par-index/ParIndexPage.js').then((m) => m.default));

function Page() {
  const { actor } = useSession();
  const route = useRoute();
  switch (route.name) {
    case 'home':
      return actor?.role === 'reporter' || actor?.role === 'approver' ? <HomePage /> : <RoundsPage />;
    case 'round':
      return <BoardPage id={route.id} />;
    case 'report':
      return <ReportPage id={route.id} />;
    case 'consolidation':
      return <ConsolidationPage id={route.id} />;
    case 'province-report':
      return <ProvinceReportPage id={route.id} />;
    case 'import':
      return <ImportPage />;
    case 'import-batches':
      return <ImportBatchesPage />;
    case 'import-batch':
      return <ImportBatchPage id={route.id} />;
    case 'import-batch-document':
      return <ImportBatchDocumentPage key={route.id} batchId={route.batchId} id={route.id} />;
    case 'plan':
      return <PlanPage />;
    case 'par-index':
      return <ParIndexPage />;
    case 'par-index-assessment':
      return <ParIndexPage key={`${route.setId}/${route.agencyId}`} setId={route.setId} agencyId={route.agencyId} />;
    case 'templates':
      return <TemplatesPage />;
    case 'accounts':
      return <AccountsPage />;
    case 'history':
      return <HistoryPage />;
    case 'dashboards':
      return <DashboardsPage />;
    case 'rounds':
      return <RoundsPage />;
  }
}

export function App() {
  const { actor, loading } = useSession();
  const route = useRoute();
  // a report's grid drawn before the app (first-grid.ts) goes when the page shown is not that report's (the report
  // page takes it over first, when it is)
  const reportShown = !!actor && route.name === 'report';
  useEffect(() => {
    if (!reportShown) letFirstGridGo();
  }, [reportShown]);
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
      <Page />
    </Layout>
  );
}
