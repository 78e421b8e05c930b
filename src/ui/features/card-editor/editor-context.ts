// What every part of the editor needs: the draft, a way to change it (one undo step per change) and
// the validator's messages by field key (sop.error-fields), so each message sits beside its field.
import { createContext, useContext } from 'react';
import type { Draft } from './draft-edits';

export type EditorContext = {
  readonly draft: Draft;
  readonly change: (next: Draft) => void;
  readonly errors: ReadonlyMap<string, readonly string[]>;
};

export const EditorCtx = createContext<EditorContext | null>(null);

export function useEditor(): EditorContext {
  const c = useContext(EditorCtx);
  if (!c) throw new Error('useEditor outside the card editor');
  return c;
}

/** The messages for a field and every field inside it ("steps[2].items[0]" also takes ".max"). */
export function messagesAt(errors: ReadonlyMap<string, readonly string[]>, key: string, inside = false): string[] {
  const out: string[] = [];
  for (const [k, m] of errors)
    if (k === key || (inside && (k.startsWith(`${key}.`) || k.startsWith(`${key}[`)))) out.push(...m);
  return out;
}
