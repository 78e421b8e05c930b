// Import of an SOP definition from a JSON file: parse, validate (the validator and zod load only
// here, off the start-up path), then store. Nothing is stored unless the whole card is valid.
import i18next from 'i18next';
import type { ScanCardDb } from '../../../db/db';
import { addSopVersion } from '../../../db/sops.repo';
import { registerSopTexts } from '../../sop-texts';
import type { SopDefinition } from '../../../domain/sop/sop.schema';

export type ImportResult =
  | { ok: true; sop: SopDefinition; outcome: 'added' | 'unchanged' }
  | { ok: false; errors: { path: string; message: string }[] };

export async function importSopJson(
  db: ScanCardDb,
  text: string,
  builtIns: readonly SopDefinition[],
  now: number,
): Promise<ImportResult> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: '(file)', message: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }],
    };
  }
  const { validateSop } = await import('../../../domain/sop/sop.validate');
  await i18next.loadLanguages('en');
  const result = validateSop(data, { hasText: (key) => i18next.exists(key, { ns: 'sop', lng: 'en' }) });
  if (!result.ok) return result;
  try {
    const outcome = await addSopVersion(db, result.sop, builtIns, now);
    registerSopTexts(result.sop); // so the confirmation can already use the card's own title
    return { ok: true, sop: result.sop, outcome };
  } catch (e) {
    return { ok: false, errors: [{ path: 'version', message: e instanceof Error ? e.message : String(e) }] };
  }
}

export function exportSopJson(sop: SopDefinition): Blob {
  return new Blob([JSON.stringify(sop, null, 2)], { type: 'application/json' });
}
