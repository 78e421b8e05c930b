// The built-in SOP library shipped with the app (and precached for offline use).
// Add a card: write <name>.sop.ts + <name>.scenarios.ts, add texts to locales/*/sop.json, list it here.
// Patient guidance: reuse a topic from locales/*/patient.json ("topic.<id>") before writing a new one.
import type { SopDefinition } from '../domain/sop/sop.schema';
import { brainMri } from './brain-mri.sop';
import { chestCt } from './chest-ct.sop';
import { contrastAbdomenCt } from './contrast-abdomen-ct.sop';
import { ctDailyQc } from './ct-daily-qc.sop';
import { emergencyHeadCt } from './emergency-head-ct.sop';
import { mriDailyQc } from './mri-daily-qc.sop';
import { pediatricCt } from './pediatric-ct.sop';

export const BUILT_IN_SOPS: readonly SopDefinition[] = [
  chestCt,
  contrastAbdomenCt,
  emergencyHeadCt,
  brainMri,
  pediatricCt,
  ctDailyQc,
  mriDailyQc,
];
