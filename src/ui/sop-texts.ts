// Texts that imported or synced cards carry (`messages`), kept per language. Adding them to i18next
// before that language's built-in SOP texts were loaded made i18next think the namespace was loaded,
// so a Chinese tablet never fetched the built-in Chinese card texts (issue 17, bug 1). Now a card's
// texts go into i18next only for languages already loaded; the locale loader merges them in for the rest.
import i18next from 'i18next';
import type { SopDefinition } from '../domain/sop/sop.schema';

const extra = new Map<string, Record<string, string>>();

/** Imported cards carry their own texts; make them resolvable like built-in ones. */
export function registerSopTexts(sop: SopDefinition): void {
  for (const [lng, messages] of Object.entries(sop.messages ?? {})) {
    extra.set(lng, { ...extra.get(lng), ...messages });
    if (i18next.hasResourceBundle(lng, 'sop')) i18next.addResourceBundle(lng, 'sop', messages, true, false);
  }
}

/** The card texts registered so far for a language: the loader adds them to the built-in file. */
export function registeredSopTexts(lng: string): Record<string, string> {
  return extra.get(lng) ?? {};
}
