// A booking from the hospital (RIS worklist or EMR) as the tablet receives it from its server
// (GET /api/worklist/scheduled): identity, accession number, requested procedure and the card it maps to.
import type { Sex } from '../run/run.header';

export type ScheduledBooking = {
  readonly accessionNumber: string;
  /** The card the site's mapping table gives it; null with the reason when none does. */
  readonly cardId: string | null;
  readonly unmappedReason: string | null;
  readonly scanner: string | null;
  readonly patient: {
    readonly id: string;
    readonly issuer?: string;
    readonly name?: { readonly text: string; readonly family?: string; readonly given?: string };
    readonly birthDate?: string;
    readonly sex: Sex;
  };
  readonly requestedProcedure: { readonly code: string; readonly system?: string; readonly meaning?: string } | null;
  readonly procedureDescription: string | null;
  readonly scheduledStart: string | null;
  readonly modality: string | null;
  readonly priority: 'routine' | 'urgent' | 'emergency';
};
