// A whole card library as one file, to share cards between departments. Reading one checks every
// card with the card validator and the route check and reports every problem (card, step, field,
// problem) at once, so an author fixes the file in one go; a file with any error imports nothing.
import type { SopDefinition } from './sop.schema';
import { routeBlockers } from './sop.routes';
import { stepAndField } from './sop.error-fields';
import { validateSop, type ValidateOptions } from './sop.validate';

export const LIBRARY_FORMAT = 'scancard-library';
export const LIBRARY_FORMAT_VERSION = 1;

export type LibraryFile = {
  readonly format: typeof LIBRARY_FORMAT;
  readonly formatVersion: typeof LIBRARY_FORMAT_VERSION;
  /** ms since epoch, when the file was written. */
  readonly exportedAt: number;
  readonly cards: readonly SopDefinition[];
};
export type LibraryError = {
  readonly card: string;
  readonly step?: string;
  readonly field: string;
  readonly problem: string;
};
export type LibraryRead = { ok: true; cards: SopDefinition[] } | { ok: false; errors: LibraryError[] };

export const libraryFile = (cards: readonly SopDefinition[], exportedAt: number): LibraryFile => ({
  format: LIBRARY_FORMAT,
  formatVersion: LIBRARY_FORMAT_VERSION,
  exportedAt,
  cards,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readLibraryFile(input: unknown, options: ValidateOptions = {}): LibraryRead {
  const errors: LibraryError[] = [];
  const fileError = (field: string, problem: string) => errors.push({ card: '(file)', field, problem });
  if (!isObject(input))
    return {
      ok: false,
      errors: [{ card: '(file)', field: '(file)', problem: 'is not a library file (a JSON object)' }],
    };
  if (input.format !== LIBRARY_FORMAT) fileError('format', `must be "${LIBRARY_FORMAT}"`);
  if (input.formatVersion !== LIBRARY_FORMAT_VERSION) fileError('formatVersion', `must be ${LIBRARY_FORMAT_VERSION}`);
  const known = new Set(['format', 'formatVersion', 'exportedAt', 'cards']);
  const extra = Object.keys(input).filter((k) => !known.has(k));
  if (extra.length) fileError('(file)', `unknown field(s): ${extra.join(', ')}`);
  if (!Array.isArray(input.cards) || input.cards.length === 0) {
    fileError('cards', 'must list at least one card');
    return { ok: false, errors };
  }
  const cards: SopDefinition[] = [];
  const seen = new Set<string>();
  input.cards.forEach((raw: unknown, i) => {
    const name = isObject(raw) && typeof raw.id === 'string' ? raw.id : `cards[${i}]`;
    const shape = {
      steps: isObject(raw) && Array.isArray(raw.steps) ? (raw.steps as unknown[]).map(stepShape) : [],
    };
    if (seen.has(name)) errors.push({ card: name, field: 'id', problem: `card "${name}" is in the file twice` });
    seen.add(name);
    const v = validateSop(raw, options);
    if (!v.ok) {
      for (const e of v.errors) errors.push({ card: name, ...stepAndField(e.path, shape), problem: e.message });
      return;
    }
    for (const problem of routeBlockers(v.sop)) errors.push({ card: name, field: 'routes', problem });
    cards.push(v.sop);
  });
  return errors.length ? { ok: false, errors } : { ok: true, cards };
}

function stepShape(s: unknown): { id: string; items: { id: string }[] } {
  const o = isObject(s) ? s : {};
  const items = Array.isArray(o.items) ? (o.items as unknown[]) : [];
  return {
    id: typeof o.id === 'string' ? o.id : '',
    items: items.map((it) => ({ id: isObject(it) && typeof it.id === 'string' ? it.id : '' })),
  };
}
