// This tablet's identity and event counters. stampEvent must run inside a read-write transaction
// that includes db.meta, so the counter and the event it numbers commit together.
import { decodeHlc, encodeHlc, HLC_ZERO, tickHlc } from '../domain/clock/hlc';
import type { EventMeta } from '../domain/run/run.event';
import type { DeviceMeta, ScanCardDb } from './db';

export async function deviceMeta(db: ScanCardDb): Promise<DeviceMeta> {
  const row = await db.meta.get('device');
  if (row?.key === 'device') return row as DeviceMeta;
  const fresh: DeviceMeta = { key: 'device', deviceId: crypto.randomUUID(), seq: 0, hlc: encodeHlc(HLC_ZERO) };
  await db.meta.put(fresh);
  return fresh;
}

export async function stampEvent(
  db: ScanCardDb,
  streamId: string,
  now: number,
  user: string,
  id: string = crypto.randomUUID(),
): Promise<EventMeta> {
  const device = await deviceMeta(db);
  const hlc = encodeHlc(tickHlc(decodeHlc(device.hlc), now));
  const seq = device.seq + 1;
  await db.meta.put({ ...device, seq, hlc });
  return { id, streamId, at: now, hlc, user, device: device.deviceId, deviceSeq: seq };
}
