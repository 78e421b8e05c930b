// The current version of each built-in card: what new runs use. Small enough for the start-up path
// (the browser loads earlier versions only when a pinned run needs them: see published/).
import type { SopDefinition } from '../domain/sop/sop.schema';
import { brainMri } from './brain-mri.sop';
import { chestCt } from './chest-ct.sop';
import { contrastAbdomenCt } from './contrast-abdomen-ct.sop';
import { ctDailyQc } from './ct-daily-qc.sop';
import { emergencyHeadCt } from './emergency-head-ct.sop';
import { mriDailyQc } from './mri-daily-qc.sop';
import { pediatricCt } from './pediatric-ct.sop';

export const CURRENT_SOPS: readonly SopDefinition[] = [
  chestCt,
  contrastAbdomenCt,
  emergencyHeadCt,
  brainMri,
  pediatricCt,
  ctDailyQc,
  mriDailyQc,
];
