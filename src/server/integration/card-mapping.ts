// The site's mapping table: requested procedure code → ScanCard card. Pure, and never guesses: a
// booking whose code is missing, unknown, or matched by rows naming different cards is reported as
// unmapped with the reason, so a person chooses the card and the table can be completed.
import type { ScheduledProcedure } from './scheduled-procedure';

export type CardMappingRow = {
  readonly code: string;
  /** Coding scheme (DICOM designator such as "L", or a FHIR system URI); omitted = any scheme. */
  readonly system?: string;
  /** Only for bookings on this modality; omitted = any. */
  readonly modality?: string;
  readonly cardId: string;
};

export type CardMapping = readonly CardMappingRow[];

export type Unmapped = {
  readonly accessionNumber: string;
  readonly code?: string;
  readonly system?: string;
  readonly reason: 'noCode' | 'unknownCode' | 'ambiguous';
  /** For "ambiguous": the cards the matching rows name. */
  readonly candidates?: readonly string[];
};

export type CardAssignment = {
  readonly mapped: readonly { readonly procedure: ScheduledProcedure; readonly cardId: string }[];
  readonly unmapped: readonly Unmapped[];
};

const rowMatches = (row: CardMappingRow, p: ScheduledProcedure) =>
  row.code === p.requestedProcedure?.code &&
  (row.system === undefined || row.system === p.requestedProcedure.system) &&
  (row.modality === undefined || row.modality === p.modality);

export function cardFor(p: ScheduledProcedure, table: CardMapping): { cardId: string } | Unmapped {
  const rp = p.requestedProcedure;
  const base = {
    accessionNumber: p.accessionNumber,
    ...(rp ? { code: rp.code, ...(rp.system ? { system: rp.system } : {}) } : {}),
  };
  if (!rp) return { ...base, reason: 'noCode' };
  const matching = table.filter((row) => rowMatches(row, p));
  // The most specific rows win: one naming scheme and modality beats one that leaves them open.
  const specificity = (r: CardMappingRow) => Number(r.system !== undefined) + Number(r.modality !== undefined);
  const best = Math.max(-1, ...matching.map(specificity));
  const cards = [...new Set(matching.filter((r) => specificity(r) === best).map((r) => r.cardId))];
  if (cards.length === 1) return { cardId: cards[0]! };
  if (!cards.length) return { ...base, reason: 'unknownCode' };
  return { ...base, reason: 'ambiguous', candidates: cards.sort() };
}

export function assignCards(procedures: readonly ScheduledProcedure[], table: CardMapping): CardAssignment {
  const mapped: { procedure: ScheduledProcedure; cardId: string }[] = [];
  const unmapped: Unmapped[] = [];
  for (const procedure of procedures) {
    const r = cardFor(procedure, table);
    if ('cardId' in r) mapped.push({ procedure, cardId: r.cardId });
    else unmapped.push(r);
  }
  return { mapped, unmapped };
}

/** Problems in a table before it is saved: rows naming unknown cards, or one key mapped to two cards. */
export function cardMappingProblems(table: CardMapping, knownCards: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  table.forEach((row, i) => {
    if (!row.code.trim()) problems.push(`rows[${i}].code: is required`);
    if (!knownCards.has(row.cardId)) problems.push(`rows[${i}].cardId: no card "${row.cardId}"`);
    const key = JSON.stringify([row.code, row.system ?? null, row.modality ?? null]);
    const before = seen.get(key);
    if (before !== undefined && before !== row.cardId)
      problems.push(`rows[${i}]: code ${row.code} is already mapped to "${before}"`);
    seen.set(key, row.cardId);
  });
  return problems;
}
