// scanner.powerOn / scanner.ready: a scanner's warm-up started and ended. No patient data. The
// stream is the scanner's own ("scanner:<id>"), so its warm-ups replay in order on every tablet.
import * as z from 'zod/mini';
import type { ScannerCommand } from '../scanners/scanner';
import { defineEventType } from './event-type';
import { ident } from './wire-fields';

const scannerPayload = z.strictObject({ scannerId: ident });
export type ScannerPayload = z.infer<typeof scannerPayload>;

const PREFIX = 'scanner:';
export const scannerStreamId = (scannerId: string) => `${PREFIX}${scannerId}`;
export const scannerIdOfStream = (streamId: string) => streamId.slice(PREFIX.length);

const scannerEvent = <T extends string>(type: T) =>
  defineEventType<T, ScannerPayload>({
    type,
    payload: scannerPayload,
    stream: { kind: 'derived', streamId: (p) => scannerStreamId(p.scannerId) },
    sensitive: false,
    tablet: 'scanner',
    server: 'scanner',
    example: { scannerId: 'ct-1' },
  });

export const scannerPowerOn = scannerEvent('scanner.powerOn');
export const scannerReady = scannerEvent('scanner.ready');

/** The warm-up command each scanner event stands for, when its stream is replayed. */
export const SCANNER_COMMANDS: Readonly<Record<string, ScannerCommand>> = {
  [scannerPowerOn.type]: { type: 'powerOn' },
  [scannerReady.type]: { type: 'ready' },
};
export const scannerEventType = (cmd: ScannerCommand) => (cmd.type === 'powerOn' ? scannerPowerOn : scannerReady).type;
