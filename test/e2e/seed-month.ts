// A realistic month on the department server, as a second tablet would have pushed it: the seeded
// month of chest CTs and warm-ups (src/domain/kpi/kpi.month.ts) ending yesterday, by three
// technologists who are in the user directory, and a daily CT QC result per working day (water HU
// and noise drifting, one action-level day). The tablet under test then pulls it like any sync.
import { randomUUID } from 'node:crypto';
import { encodeHlc } from '../../src/domain/clock/hlc';
import { eventType } from '../../src/domain/events/registry';
import { seededMonth, seeded } from '../../src/domain/kpi/kpi.month';
import { evaluateResult } from '../../src/domain/quality/qc-result';
import { defaultTestSets } from '../../src/domain/quality/qc-sets';
import { hashSecret, hashUserToken, USER_TOKEN_TTL_MS } from '../../src/server/user-auth';
import { newToken } from '../../src/server/auth';
import type { SyncStore } from '../../src/server/store/store';
import { enrolInStore } from '../setup/enrol-device';

const DAY = 24 * 3600_000;
export const STAFF = [
  ['chen', 'tech.chen', 'Chen Hui'],
  ['wang', 'tech.wang', 'Wang Fang'],
  ['li', 'tech.li', 'Li Na'],
] as const;

/** `days` days ending yesterday (local midnights), `perDay` exams a day. Returns the month's range. */
export async function seedMonthOnServer(store: SyncStore, url: string, now: number, days = 30, perDay = 12) {
  const today = new Date(now);
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - days).getTime();
  const month = seededMonth(from, days, perDay);
  const tablet = await enrolInStore(store, now, 'CT 2 console');
  const secretHash = await hashSecret('seed-pass-2468');
  for (const [id, username, displayName] of STAFF) {
    const u = await store.createUser({ id, username, displayName, role: 'technologist', secretHash, now });
    if (typeof u === 'string') throw new Error(u);
  }
  const token = newToken();
  await store.addUserToken({
    tokenHash: hashUserToken(token),
    userId: 'chen',
    deviceId: tablet.deviceId,
    createdAt: now,
    expiresAt: now + USER_TOKEN_TTL_MS,
  });
  let seq = 0;
  const events: unknown[] = month.logs.flat().map((e) => ({ ...e, device: tablet.deviceId, deviceSeq: ++seq }));
  // Daily CT QC on ct-1, weekdays: water near 0 HU drifting upwards, one action-level day.
  const daily = defaultTestSets('CT').find((s) => s.setId === 'daily')!;
  const rnd = seeded(7);
  for (let d = 0; d < days; d++) {
    const at = from + d * DAY + 7.5 * 3600_000;
    if ([0, 6].includes(new Date(at).getDay())) continue;
    const water = d === days - 6 ? 5.6 : (rnd() - 0.5) * 3 + d * 0.05;
    const r = evaluateResult(daily, 'ct-1', randomUUID(), {
      waterHu: { text: water.toFixed(1) },
      noiseSd: { text: (5 + rnd() * 0.6).toFixed(2) },
      artefacts: { passed: true },
      vendorQc: { passed: true },
    });
    if (!('result' in r)) throw new Error('bad QC inputs');
    const rule = eventType('qc.resultRecorded')!.stream;
    const streamId = rule.kind === 'derived' ? rule.streamId(r.result, tablet.deviceId) : '';
    const user = STAFF[d % 3]![0];
    events.push({
      id: randomUUID(),
      streamId,
      at,
      hlc: encodeHlc({ wall: at, counter: 0 }),
      user,
      device: tablet.deviceId,
      deviceSeq: ++seq,
      type: 'qc.resultRecorded',
      payload: r.result,
    });
  }
  for (let i = 0; i < events.length; i += 400) {
    const res = await fetch(`${url}/api/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tablet.token}`, 'x-user-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: randomUUID(), events: events.slice(i, i + 400) }),
    });
    const body = await res.text();
    if (res.status !== 200 || /"(refused|rejected)":\[[^\]]/.test(body))
      throw new Error(`push: ${res.status} ${body.slice(0, 400)}`);
  }
  return month;
}
