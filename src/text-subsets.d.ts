// The start-up texts emitted by text-subsets.plugin.ts: per staff language, the staff texts the
// screens before sign-in use and the built-in cards' titles.
declare module 'virtual:start-texts' {
  export type StartTexts = { staff: Record<string, string>; sop: Record<string, string> };
  export const startTexts: Record<string, () => Promise<{ default: StartTexts }>>;
}
