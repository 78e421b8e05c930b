// The built-in SOP library shipped with the app (and precached for offline use).
// Add a card: write <name>.sop.ts + <name>.scenarios.ts, add texts to locales/*/sop.json, list it here.
import type { SopDefinition } from '../domain/sop/sop.schema';
import { chestCt } from './chest-ct.sop';

export const BUILT_IN_SOPS: readonly SopDefinition[] = [chestCt];
