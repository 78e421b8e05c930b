import { describe, expect, it } from 'vitest';
import { imageQcPayload } from './image-qc';

const run = { runId: '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10', scannerId: 'ct-1', sopId: 'chest-ct', sopVersion: 2 };
const ID = '2b3c4d5e-6f70-4819-a2b3-c4d5e6f7a8b9';

describe('image-QC decision', () => {
  it('names every missing field, and a count that is not a whole number from 1', () => {
    expect(imageQcPayload({ images: '', reasonText: '' }, run, ID)).toEqual({
      problems: { outcome: 'required', images: 'required' },
    });
    for (const images of ['2.5', '0', '-1', '1e3', '100001', 'twelve'])
      expect(imageQcPayload({ outcome: 'accept', images, reasonText: '' }, run, ID)).toEqual({
        problems: { images: 'wholeNumber' },
      });
  });

  it('asks a repeat or reject for its CID 7011 reason, and "other" for its text', () => {
    expect(imageQcPayload({ outcome: 'reject', images: '2', reason: '', reasonText: '' }, run, ID)).toEqual({
      problems: { reason: 'required' },
    });
    expect(imageQcPayload({ outcome: 'repeat', images: '1', reason: 'other', reasonText: ' ' }, run, ID)).toEqual({
      problems: { reasonText: 'required' },
    });
  });

  it('carries the run, card version and scanner, and drops a reason an accept does not need', () => {
    expect(imageQcPayload({ outcome: 'reject', images: ' 2 ', reason: '111210', reasonText: '' }, run, ID)).toEqual({
      payload: { recordId: ID, ...run, outcome: 'reject', images: 2, reason: '111210' },
    });
    expect(imageQcPayload({ outcome: 'accept', images: '48', reason: '111210', reasonText: 'x' }, run, ID)).toEqual({
      payload: { recordId: ID, ...run, outcome: 'accept', images: 48 },
    });
    expect(
      imageQcPayload({ outcome: 'repeat', images: '1', reason: 'other', reasonText: ' Contrast late ' }, run, ID),
    ).toEqual({
      payload: { recordId: ID, ...run, outcome: 'repeat', images: 1, reason: 'other', reasonText: 'Contrast late' },
    });
  });
});
