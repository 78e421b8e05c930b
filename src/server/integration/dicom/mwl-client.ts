// DICOM Modality Worklist SCU: one association, one C-FIND, all answers mapped to ScheduledProcedure.
// Every way it can fail ends in a WorklistError whose kind the admin screen can show ("worklist
// server down", "answered too slowly" …); the library's own logging is off so that no answer, and so
// no patient identifier, is ever written to a log.
import { createRequire } from 'node:module';
import type * as Dimse from 'dcmjs-dimse';
import type { IntakeProblem, IntakeResult } from '../scheduled-procedure';
import { mapWorklistAnswers } from './mwl-map';
import {
  DEFAULT_WORKLIST_TIMEOUT_MS,
  worklistIdentifier,
  worklistQueryProblems,
  type WorklistQuery,
} from './mwl-query';

// dcmjs-dimse ships one CommonJS bundle whose d.ts declares named ES exports; require it as it is.
const require = createRequire(import.meta.url);
const dimse = require('dcmjs-dimse') as typeof Dimse;
const dcmjs = require('dcmjs') as { log: { setLevel(level: string): void } };
dimse.log.setLevel('silent');
dcmjs.log.setLevel('silent');

export type WorklistErrorKind =
  | 'badQuery' // the query itself is wrong (names the field)
  | 'refused' // nothing listens there: the worklist server is down
  | 'unreachable' // no route to the host, or the name does not resolve
  | 'tooSlow' // no complete answer within the time limit
  | 'rejected' // the server refused the association (AE titles)
  | 'failed' // the server answered the query with a failure status
  | 'protocol'; // the other end does not speak DICOM, or dropped the connection mid-answer

export class WorklistError extends Error {
  constructor(
    readonly kind: WorklistErrorKind,
    message: string,
    readonly problems: readonly IntakeProblem[] = [],
  ) {
    super(message);
    this.name = 'WorklistError';
  }
}

export type WorklistAnswer = IntakeResult & { readonly answers: number };

const STATUS_PENDING_MASK = 0xff00;
const REJECT_REASONS: Readonly<Record<number, string>> = {
  2: 'does not support the application context',
  3: `does not accept ScanCard's calling AE title`,
  7: 'does not know the called AE title',
};

/** Queries the worklist; resolves with the mapped answers or rejects with a WorklistError. */
export function queryWorklist(q: WorklistQuery): Promise<WorklistAnswer> {
  const problems = worklistQueryProblems(q);
  if (problems.length)
    return Promise.reject(
      new WorklistError('badQuery', problems.map((p) => `${p.field} ${p.problem}`).join('; '), problems),
    );
  const timeoutMs = q.timeoutMs ?? DEFAULT_WORKLIST_TIMEOUT_MS;
  const where = `${q.host}:${q.port}`;

  return new Promise((resolve, reject) => {
    const client = new dimse.Client();
    const request = new dimse.requests.CFindRequest();
    request.setAffectedSopClassUid(dimse.constants.SopClass.ModalityWorklistInformationModelFind);
    request.setDataset(new dimse.Dataset(worklistIdentifier(q)));
    const answers: Record<string, unknown>[] = [];
    let settled = false;

    const finish = (outcome: WorklistAnswer | WorklistError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome instanceof WorklistError) {
        dropConnection(client);
        reject(outcome);
      } else resolve(outcome);
    };
    const fail = (kind: WorklistErrorKind, message: string) => finish(new WorklistError(kind, message));

    const timer = setTimeout(
      () => fail('tooSlow', `Worklist server ${where} answered too slowly (nothing complete within ${timeoutMs} ms)`),
      timeoutMs,
    );

    request.on('response', (rsp: Dimse.responses.CFindResponse) => {
      const status = rsp.getStatus();
      if ((status & STATUS_PENDING_MASK) === STATUS_PENDING_MASK) {
        const ds = rsp.getDataset();
        if (ds) answers.push(ds.getElements());
      } else if (status === dimse.constants.Status.Success) {
        finish({ ...mapWorklistAnswers(answers), answers: answers.length });
      } else {
        const comment = rsp.getErrorComment();
        fail(
          'failed',
          `Worklist server ${where} refused the query (status 0x${hex(status)}${comment ? `: ${comment}` : ''})`,
        );
      }
    });
    client.on('associationRejected', (r: { result: number; source: number; reason: number }) =>
      fail(
        'rejected',
        `Worklist server ${where} rejected ScanCard: it ${REJECT_REASONS[r.reason] ?? `gave reason ${r.reason}`}`,
      ),
    );
    client.on('networkError', (e: Error) => {
      const [kind, what] = classify(e.message);
      fail(kind, `Worklist server ${where} ${what}`);
    });
    client.on('closed', () => fail('protocol', `Worklist server ${where} closed the connection before answering`));

    client.addRequest(request);
    // The library's own timers as a second line; ours above decides what the caller sees first.
    client.send(q.host, q.port, q.callingAeTitle, q.calledAeTitle, {
      connectTimeout: timeoutMs,
      associationTimeout: timeoutMs,
      pduTimeout: timeoutMs,
    });
  });
}

function classify(message: string): [WorklistErrorKind, string] {
  if (/ECONNREFUSED/.test(message)) return ['refused', 'is down: nothing is listening there'];
  if (/ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL/.test(message))
    return ['unreachable', 'cannot be reached'];
  if (/timeout/i.test(message)) return ['tooSlow', 'answered too slowly'];
  if (/ECONNRESET|EPIPE/.test(message)) return ['protocol', 'dropped the connection'];
  return ['protocol', 'sent something that is not a DICOM answer'];
}

/** Aborts the association and closes the socket, so a server that never answers holds nothing open. */
function dropConnection(client: Dimse.Client): void {
  try {
    client.abort();
  } catch {
    // no association yet
  }
  // The library ends the socket but does not destroy it; reach it the only way it offers.
  (client as unknown as { network?: { socket?: { destroy(): void } } }).network?.socket?.destroy();
}

const hex = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();
