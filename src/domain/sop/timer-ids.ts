// The department's timers by id. Kept apart from the SOP schema so code that only needs the ids
// (the event registry, on the tablet's start-up path) does not load the schema validator.
export const TIMER_IDS = ['warmupCt', 'warmupMr', 'emergencyResponse', 'contrastObservation', 'reportHandoff'] as const;
export type TimerId = (typeof TIMER_IDS)[number];
