// A hospital booking as GET /api/worklist/scheduled lists it (Chinese name, mapped to chest CT).
import type { ScheduledBooking } from '../../src/domain/integration/scheduled-booking';

export const booking = (over: Partial<ScheduledBooking> = {}): ScheduledBooking => ({
  accessionNumber: 'ACC-2026-0042',
  cardId: 'chest-ct',
  unmappedReason: null,
  scanner: 'CT 1',
  patient: {
    id: 'MRN-778812',
    name: { text: '张伟', family: '张', given: '伟' },
    birthDate: '1961-02-03',
    sex: 'male',
  },
  requestedProcedure: { code: 'CTCHEST', system: 'urn:site', meaning: 'CT chest without contrast' },
  procedureDescription: null,
  scheduledStart: '2026-11-23T10:30:00',
  modality: 'CT',
  priority: 'routine',
  ...over,
});
