// Key handling, with real Web Crypto (Node's). Fewer KDF iterations where the test is about logic,
// the real count once, so a regression in the default is caught.
import { describe, expect, it } from 'vitest';
import { importDek, KDF_ITERATIONS, unwrapDek, wrapDek, WrongSecretError } from './keys';
import { createVault, SealedDataError } from './vault';

const FAST = 1000;
const dekBytes = () => globalThis.crypto.getRandomValues(new Uint8Array(32));

describe('tablet data key', () => {
  it('opens with the right PIN and fails cleanly with a wrong one', async () => {
    const raw = dekBytes();
    const wrapped = await wrapDek(raw, '482913', FAST);
    expect(await unwrapDek(wrapped, '482913')).toEqual(raw);
    await expect(unwrapDek(wrapped, '482914')).rejects.toBeInstanceOf(WrongSecretError);
    await expect(unwrapDek(wrapped, '')).rejects.toBeInstanceOf(WrongSecretError);
  });

  it('uses the recommended PBKDF2 strength by default', async () => {
    const wrapped = await wrapDek(dekBytes(), '482913');
    expect(wrapped.iterations).toBe(KDF_ITERATIONS);
    expect(KDF_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('re-wraps on a PIN change: the new PIN opens, the old one no longer does, the data stays readable', async () => {
    const raw = dekBytes();
    const vault = createVault(await importDek(raw));
    const sealed = await vault.seal({ patientId: 'P-1', name: 'Wang Fang' }, 'run-1');
    const oldWrap = await wrapDek(raw, '111111', FAST);
    const newWrap = await wrapDek(await unwrapDek(oldWrap, '111111'), '222222', FAST);
    await expect(unwrapDek(newWrap, '111111')).rejects.toBeInstanceOf(WrongSecretError);
    const reopened = createVault(await importDek(await unwrapDek(newWrap, '222222')));
    expect(await reopened.open(sealed, 'run-1')).toEqual({ patientId: 'P-1', name: 'Wang Fang' });
  });

  it('a second user of the same tablet opens the same runs with their own PIN', async () => {
    const raw = dekBytes();
    const sealed = await createVault(await importDek(raw)).seal({ answer: 'free text' }, 'ev-9');
    const forA = await wrapDek(raw, '135790', FAST);
    const forB = await wrapDek(raw, 'correct horse battery', FAST);
    expect(forA.salt).not.toEqual(forB.salt);
    const asB = createVault(await importDek(await unwrapDek(forB, 'correct horse battery')));
    expect(await asB.open(sealed, 'ev-9')).toEqual({ answer: 'free text' });
    await expect(unwrapDek(forB, '135790')).rejects.toBeInstanceOf(WrongSecretError);
  });

  it('binds each sealed record to its id, uses a fresh IV each time, and rejects another key', async () => {
    const vault = createVault(await importDek(dekBytes()));
    const a = await vault.seal('P-1', 'run-1');
    const b = await vault.seal('P-1', 'run-1');
    expect(a.iv).not.toEqual(b.iv);
    await expect(vault.open(a, 'run-2')).rejects.toBeInstanceOf(SealedDataError);
    const other = createVault(await importDek(dekBytes()));
    await expect(other.open(a, 'run-1')).rejects.toBeInstanceOf(SealedDataError);
    const key = await importDek(dekBytes());
    await expect(globalThis.crypto.subtle.exportKey('raw', key)).rejects.toThrow(); // non-extractable
  });
});
