// A whole event of a registered type, stamped the way a tablet stamps one: its entry's example
// payload (or the one given) in the stream its entry's rule names.
import { encodeHlc } from '../../src/domain/clock/hlc';
import type { AnyEventType } from '../../src/domain/events/event-type';

export const SAMPLE_RUN_ID = '7e0f5a44-1c2b-4d3e-8f90-a1b2c3d4e5f6';
let n = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

export function sampleEvent<E extends AnyEventType>(
  entry: E,
  device: string,
  payload: E['example'] = entry.example,
  seq = 1,
) {
  const rule = entry.stream;
  const streamId =
    rule.kind === 'derived' ? rule.streamId(payload, device) : rule.opens ? rule.opens(payload) : SAMPLE_RUN_ID;
  const at = Date.UTC(2026, 10, 23, 9) + seq * 1000;
  return {
    id: nextId(),
    streamId,
    at,
    hlc: encodeHlc({ wall: at, counter: 0 }),
    user: 'user-1',
    device,
    deviceSeq: seq,
    type: entry.type,
    payload,
  };
}
