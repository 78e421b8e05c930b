// The built-in SOP library shipped with the app (and precached for offline use).
// Add a card: write <name>.sop.ts + <name>.scenarios.ts, add texts to locales/*/sop.json, list it here.
// Change a card: never edit a published version; freeze it in published/ and raise the version (see
// published/index.ts). New runs take the newest version; runs pinned to an older one keep it.
// Patient guidance: reuse a topic from locales/*/patient.json ("topic.<id>") before writing a new one.
import type { SopDefinition } from '../domain/sop/sop.schema';
import { CURRENT_SOPS } from './current';
import { EARLIER_SOPS } from './published';

export { CURRENT_SOPS } from './current';

/** Every built-in version: the current ones first, then the earlier published ones. */
export const BUILT_IN_SOPS: readonly SopDefinition[] = [...CURRENT_SOPS, ...EARLIER_SOPS];
