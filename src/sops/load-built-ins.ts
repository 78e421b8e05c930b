// Every built-in version for the browser: the current cards at once, earlier versions as their own
// chunk (only runs pinned to them need them), fetched once and then kept.
import type { SopDefinition } from '../domain/sop/sop.schema';
import { CURRENT_SOPS } from './current';

let all: Promise<readonly SopDefinition[]> | undefined;

export function loadBuiltInSops(): Promise<readonly SopDefinition[]> {
  all ??= import('./published').then(
    (m) => [...CURRENT_SOPS, ...m.EARLIER_SOPS],
    (e: unknown) => {
      all = undefined; // a failed chunk load may succeed on the next try
      throw e;
    },
  );
  return all;
}
