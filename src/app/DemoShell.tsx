// Trainer demo mode, wired: its own database (openDb('demo')), the session's key and user, a clock
// that can run faster, no sync, and the trainer notes beside each step. Everything inside it reads
// and writes the demo database only; the clinical alarm watcher stays outside it, so real runs'
// alarms keep sounding and demo timers never sound.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { openDb, wipeDemoDb, type ScanCardDb } from '../db/db';
import { copyStoredSops } from '../db/sops.repo';
import { Loading } from '../ui/components/Loading';
import { DemoFrame } from '../ui/features/trainer/DemoFrame';
import { PracticeBar } from '../ui/features/trainer/PracticeBar';
import { practiceRecorder } from '../ui/features/trainer/practice-session';
import { TrainerNote } from '../ui/features/trainer/TrainerNote';
import { ServicesProvider, useServices, type Services } from '../ui/services';
import { demoClock } from './demo-clock';
import { sessionServices } from './session-services';

let demoDb: ScanCardDb | undefined; // one per tab: the staff and patient views share it
const demoDatabase = () => (demoDb ??= openDb('demo'));

export function DemoShell({ children, patient }: { children: ReactNode; patient?: boolean }) {
  const outer = useServices();
  const db = demoDatabase();
  const [, navigate] = useLocation();
  const clock = demoClock(outer.runs, outer.now); // per session, shared by the staff and patient views
  const [speed, setSpeed] = useState(() => clock.speed());
  const [epoch, setEpoch] = useState(0);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void copyStoredSops(outer.db, db).finally(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [outer.db, db, epoch]);

  const services = useMemo<Services>(() => {
    const c = clock;
    const base = sessionServices(db, outer.vault, outer.user, c.now);
    return {
      ...base,
      ...(outer.account && { account: outer.account }),
      demo: {
        speed,
        setSpeed: (s) => (c.setSpeed(s), setSpeed(s)),
        wipe: async () => {
          await wipeDemoDb(db);
          setEpoch((e) => e + 1);
          navigate('/');
        },
        StepNote: TrainerNote,
        practice: practiceRecorder,
        // Attempts are real training records: the clinical database, synced (never the demo one).
        recordTraining: async (type, payload) => void (await outer.runs.recordEvent(type, payload)),
      },
    };
  }, [db, clock, outer.vault, outer.user, outer.account, outer.runs, speed, navigate]);

  return (
    <ServicesProvider services={services}>
      <DemoFrame floating={patient}>
        {ready ? (
          <div key={epoch} className="stack">
            {!patient && <PracticeBar />}
            {children}
          </div>
        ) : (
          <Loading />
        )}
      </DemoFrame>
    </ServicesProvider>
  );
}
