// The sync protocol's limits, kept apart from its schemas so the tablet's sync code reads them
// without loading a validator.
export const MAX_PUSH_EVENTS = 1000;
/** The server's request body limit; a tablet packs its batches to fit it (events and SOPs together). */
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;
export const MAX_PULL_EVENTS = 2000;
/** A stamp further ahead of the server's clock than this is refused (and a tablet's clock ignores it). */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
