// Which sync protocol a tablet and a server speak. Every tablet request carries its version in a
// header; a server answers a tablet it cannot serve with HTTP 426 and says which side to update, so
// a tablet never keeps sending what its server would misread (and loses nothing while it waits).
/**
 * Bump when a request or reply changes in a way the other side could misread.
 * 2: run commands of type "known" (a run's first command) and the audit action "alarm.ack", which a
 * protocol-1 server refuses; pushes are answered event by event (a tablet of 1 ignores the additions).
 * 3: run.created may carry `booking` (a run started from the hospital's worklist), the quality.*
 * records (equipment, QC, service, image QC, adverse events) and the training.* sign-off and attempt
 * events, the image-QC decision (imageQc.recorded), a booking's identity mismatch (identity.mismatch) and the audit action "competency.warned", all of
 * which a protocol-2 server refuses; tablets read GET /api/worklist/scheduled.
 */
export const PROTOCOL_VERSION = 3;
/** The oldest tablet protocol a server of this build still serves (tablets of 1 and 2 send a subset of 3). */
export const MIN_SUPPORTED_PROTOCOL = 1;
export const PROTOCOL_HEADER = 'x-scancard-protocol';
/** Tablets before the header existed spoke the first protocol. */
export const UNVERSIONED_PROTOCOL = 1;

/** The body of a 426 answer. */
export type ProtocolRefusal = {
  readonly error: string;
  /** Which side must be updated. */
  readonly update: 'server' | 'app';
  readonly serverProtocol: number;
  readonly minProtocol: number;
  readonly tabletProtocol: number;
};
