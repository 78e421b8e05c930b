// The tablet's reads of the hospital link, through its server: the scheduled bookings for the
// worklist, and each booked run's EMR hand-off (acknowledged, waiting, failing). Run ids go in the
// query (never a patient identifier); bookings come back in the body, to be kept in the vault.
import type { EmrHandoff } from '../domain/integration/emr-handoff';
import type { ScheduledBooking } from '../domain/integration/scheduled-booking';

/** A signed-in GET on the server (authApi's `get`: device session plus the user's token). */
export type UserGet = <T>(path: string, userToken: string) => Promise<T>;

/** The server's limit on run ids per hand-off question. */
export const HANDOFF_RUNS_PER_CALL = 100;

export function hospitalLink(get: UserGet) {
  return {
    async scheduled(userToken: string): Promise<ScheduledBooking[]> {
      return (await get<{ bookings: ScheduledBooking[] }>('/api/worklist/scheduled', userToken)).bookings;
    },
    async handoffs(runIds: readonly string[], userToken: string): Promise<Map<string, EmrHandoff>> {
      const out = new Map<string, EmrHandoff>();
      const ids = [...new Set(runIds)];
      for (let i = 0; i < ids.length; i += HANDOFF_RUNS_PER_CALL) {
        const part = ids.slice(i, i + HANDOFF_RUNS_PER_CALL).join(',');
        const { handoffs } = await get<{ handoffs: EmrHandoff[] }>(`/api/worklist/handoffs?runs=${part}`, userToken);
        for (const h of handoffs) out.set(h.runId, h);
      }
      return out;
    },
  };
}
export type HospitalLink = ReturnType<typeof hospitalLink>;
