import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import './i18n.ts';
import './styles.css';
import { SessionProvider, useSession } from './session.tsx';
import { Layout, Loading } from './layout.tsx';
import { LoginPage } from './pages/login.tsx';
import { SetupPage } from './pages/setup.tsx';
import { TasksPage } from './pages/tasks.tsx';

// Only the inbox is in the first load; everything else (and bpmn-js, recharts, form-js) comes when opened.
const TaskPage = lazy(() => import('./pages/task.tsx'));
const BoardPage = lazy(() => import('./pages/board.tsx'));
const NewDealPage = lazy(() => import('./pages/new-deal.tsx'));
const DealPage = lazy(() => import('./pages/deal.tsx'));
const FunnelPage = lazy(() => import('./pages/funnel.tsx'));
const AdminPage = lazy(() => import('./pages/admin.tsx'));
const ModelerPage = lazy(() => import('./pages/modeler.tsx'));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: true, staleTime: 5_000 } } });

function Gate() {
  const { session } = useSession();
  if (!session) return <Loading />;
  if (!session.authenticated) {
    return (
      <Layout bare>
        {session.setupNeeded ? <SetupPage /> : <LoginPage />}
      </Layout>
    );
  }
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Navigate to="/tasks" replace />} />
          <Route path="/tasks" element={<TasksPage />} />
          <Route path="/tasks/:id" element={<TaskPage />} />
          <Route path="/deals" element={<BoardPage />} />
          <Route path="/deals/new" element={<NewDealPage />} />
          <Route path="/deals/:id" element={<DealPage />} />
          <Route path="/funnel" element={<FunnelPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/admin/models/:key" element={<ModelerPage />} />
          <Route path="*" element={<Navigate to="/tasks" replace />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
