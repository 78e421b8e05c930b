// Every text key a card shows (title, step titles and bodies, item labels and hints, option labels),
// in card order without repeats, for the editor's side-by-side texts.
import type { SopDefinition } from '../../../domain/sop/sop.schema';

export function cardTextKeys(sop: SopDefinition): string[] {
  const keys: (string | undefined)[] = [sop.title, sop.description];
  for (const s of sop.steps) {
    keys.push(s.title, s.body);
    for (const i of s.items) {
      keys.push(i.label, i.hint);
      if (i.kind === 'choice') keys.push(...i.options.map((o) => o.label));
    }
  }
  return [...new Set(keys.filter((k): k is string => !!k))];
}
