// Wires the features together: services, header, banners and routes. Pages other than the
// worklist are separate chunks so the first load stays small.
import { lazy, Suspense, type ReactNode } from 'react';
import { useStickyHeight } from '../ui/hooks/use-sticky-height';
import { Route, Router, Switch } from 'wouter';
import { Loading } from '../ui/components/Loading';
import { AlarmWatcher } from '../ui/features/alarms/AlarmWatcher';
import WorklistPage from '../ui/features/worklist/WorklistPage';
import { ServicesProvider, type Services } from '../ui/services';
import { DemoShell } from './DemoShell';
import { Header } from './Header';
import { StorageBanner } from './StorageBanner';

const RunPage = lazy(() => import('../ui/features/run/RunPage'));
const NewRunPage = lazy(() => import('../ui/features/new-run/NewRunPage'));
const SopLibraryPage = lazy(() => import('../ui/features/sop-library/SopLibraryPage'));
const SettingsPage = lazy(() => import('../ui/features/sync/SettingsPage'));
const PatientPage = lazy(() => import('../ui/features/patient/PatientPage'));
const ReportsPage = lazy(() => import('../ui/features/reports/ReportsPage'));
const QualityPage = lazy(() => import('../ui/features/quality/QualityPage'));
const DashboardPage = lazy(() => import('../ui/features/dashboard/DashboardPage'));
const DemoHome = lazy(() => import('../ui/features/trainer/DemoHome'));
const AdminPage = lazy(() => import('../ui/features/admin/AdminPage'));
const PracticeHome = lazy(() => import('../ui/features/trainer/PracticeHome'));
const PracticeResult = lazy(() => import('../ui/features/trainer/PracticeResult'));
const TrainingPage = lazy(() => import('../ui/features/trainer/TrainingPage'));
const EditorListPage = lazy(() => import('../ui/features/card-editor/EditorListPage'));
const CardEditorPage = lazy(() => import('../ui/features/card-editor/CardEditorPage'));
const ApprovePage = lazy(() => import('../ui/features/card-editor/ApprovePage'));
const PresenterView = lazy(() => import('./PresenterView'));
const TrainerFiguresPage = lazy(() => import('../ui/features/trainer/TrainerFiguresPage'));

export function App({ services, updatePrompt }: { services: Services; updatePrompt?: ReactNode }) {
  return (
    <ServicesProvider services={services}>
      <Switch>
        {/* The tablet turned to the patient: no staff shell at all (alarms still sound). */}
        <Route path="/run/:id/patient">
          {(p) => (
            <Suspense fallback={<Loading />}>
              <AlarmWatcher silentBanner />
              <PatientPage id={p.id} />
            </Suspense>
          )}
        </Route>
        {/* A demo turned to the patient: the demo frame, the demo database; real runs' alarms still sound. */}
        <Route path="/demo/run/:id/patient">
          {(p) => (
            <Suspense fallback={<Loading />}>
              <AlarmWatcher silentBanner />
              <Router base="/demo">
                <DemoShell patient>
                  <PatientPage id={p.id} />
                </DemoShell>
              </Router>
            </Suspense>
          )}
        </Route>
        <Route>
          <StaffShell updatePrompt={updatePrompt} />
        </Route>
      </Switch>
    </ServicesProvider>
  );
}

function StaffShell({ updatePrompt }: { updatePrompt?: ReactNode }) {
  const topRef = useStickyHeight('--top-h');
  return (
    <div className="app">
      {/* Header and alarms stay in view on long steps; --top-h lets the run's own strip stick below them. */}
      <div className="app-top" ref={topRef}>
        <Header />
        <AlarmWatcher />
      </div>
      <main className="stack">
        <AlarmWatcher show="acknowledged" />
        <StorageBanner />
        {updatePrompt}
        <Suspense fallback={<Loading />}>
          <Switch>
            <Route path="/">
              <WorklistPage />
            </Route>
            <Route path="/new">
              <NewRunPage />
            </Route>
            <Route path="/run/:id">{(p) => <RunPage id={p.id} />}</Route>
            <Route path="/sops">
              <SopLibraryPage />
            </Route>
            <Route path="/settings">
              <SettingsPage />
            </Route>
            <Route path="/reports">
              <ReportsPage />
            </Route>
            <Route path="/quality">
              <QualityPage />
            </Route>
            <Route path="/dashboard">
              <DashboardPage />
            </Route>
            <Route path="/admin">
              <AdminPage />
            </Route>
            <Route path="/training/figures">
              <TrainerFiguresPage />
            </Route>
            <Route path="/training">
              <TrainingPage />
            </Route>
            <Route path="/editor">
              <EditorListPage />
            </Route>
            <Route path="/editor/:sopId/approve">{(p) => <ApprovePage sopId={p.sopId} />}</Route>
            <Route path="/editor/:sopId">{(p) => <CardEditorPage sopId={p.sopId} />}</Route>
            {/* Trainer demo mode: links inside are relative to /demo, on the demo database. */}
            <Route path="/demo" nest>
              <DemoShell>
                <Switch>
                  <Route path="/run/:id/present">{(p) => <PresenterView id={p.id} />}</Route>
                  <Route path="/run/:id">{(p) => <RunPage id={p.id} />}</Route>
                  <Route path="/practice/result">
                    <PracticeResult />
                  </Route>
                  <Route path="/practice">
                    <PracticeHome />
                  </Route>
                  <Route>
                    <DemoHome />
                  </Route>
                </Switch>
              </DemoShell>
            </Route>
            <Route>
              <WorklistPage />
            </Route>
          </Switch>
        </Suspense>
      </main>
    </div>
  );
}
