// Scanner warm-ups: events in the stream "scanner:<id>" plus a per-scanner snapshot row.
import { applyScannerCommand, type Scanner, type ScannerCommand } from '../domain/scanners/scanner';
import type { TimerRules } from '../domain/timers/timers';
import type { ScanCardDb, ScannerEvent, ScannerRow } from './db';
import { deviceMeta, stampEvent } from './device.repo';
import { eventGate } from './events.repo';
import type { Actor } from './runs.repo';
import { guardStorage } from './storage-errors';

export async function scannerCommand(
  db: ScanCardDb,
  scanner: Scanner,
  cmd: ScannerCommand,
  rules: TimerRules,
  actor: Actor,
): Promise<ScannerRow> {
  const gate = await eventGate();
  const type: ScannerEvent['type'] = cmd.type === 'powerOn' ? 'scanner.powerOn' : 'scanner.ready';
  const payload = { scannerId: scanner.id };
  return guardStorage(() =>
    db.transaction('rw', [db.events, db.scanners, db.meta], async () => {
      const row = (await db.scanners.get(scanner.id)) ?? { scannerId: scanner.id, updatedAt: actor.now };
      const next = applyScannerCommand(row, scanner, cmd, actor.now, rules);
      if (next === row) return row; // nothing changed: nothing to record
      const { deviceId } = await deviceMeta(db);
      const meta = await stampEvent(db, gate.derivedStream(type, payload, deviceId)!, actor.now, actor.user);
      const event: ScannerEvent = { ...meta, type, payload };
      gate.check(event);
      await db.events.add(gate.clear(event)); // warm-ups hold no patient data
      const updated: ScannerRow = { ...next, updatedAt: actor.now };
      await db.scanners.put(updated);
      return updated;
    }),
  );
}
