/// <reference types="vite/client" />
// Training scenarios as data: every *.scenario.json here is picked up (a trainer adds a file, no code).
// They are checked against their cards by validateScenario() in scenarios.test.ts and when loaded.
const files = import.meta.glob<unknown>('./*.scenario.json', { eager: true, import: 'default' });

/** The raw scenario files (validated by the caller against the card library). */
export const SCENARIO_FILES: readonly { readonly file: string; readonly data: unknown }[] = Object.entries(files)
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([file, data]) => ({ file: file.replace('./', ''), data }));
