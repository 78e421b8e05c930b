// The server's check of a card definition from a tablet or a publisher: the domain's validator, with
// the app's own texts (every language in locales/) as the keys no card may redefine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SopDefinition } from '../domain/sop/sop.schema';
import { formatSopErrors, validateSop } from '../domain/sop/sop.validate';
import { HttpError } from './http-errors';

const LOCALES = fileURLToPath(new URL('../../locales', import.meta.url));

let builtInKeys: ReadonlySet<string> | undefined;

/** Every key of every language's built-in card texts (locales/<lng>/sop.json). */
export function builtInSopTexts(): ReadonlySet<string> {
  builtInKeys ??= new Set(
    readdirSync(LOCALES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => {
        const file = join(LOCALES, d.name, 'sop.json');
        try {
          return Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
        } catch {
          return []; // a language without card texts
        }
      }),
  );
  return builtInKeys;
}

/** Is this key one of the app's own card texts (which no card may redefine)? */
export const isBuiltInSopText = (key: string) => builtInSopTexts().has(key);

/** The valid definition, or a 400 that names each problem (`what` says which one, e.g. "sops[0]"). */
export function checkedSop(raw: unknown, what: string): SopDefinition {
  const v = validateSop(raw, { builtInText: isBuiltInSopText });
  if (!v.ok) throw new HttpError(400, `invalid SOP definition ${what}`, formatSopErrors(v.errors).split('\n'));
  return v.sop;
}
