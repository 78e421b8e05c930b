// Key rotation from the server's shell. With a key file: a new key becomes current in the file and
// every data key is re-wrapped under it. With SCANCARD_KEK: the operator puts a new key first
// (`new-key` prints a line) and this re-wraps under it. Old keys are then no longer needed by the
// database, only by backups made before; the command says which ones.
import { keyFileFor } from '../store/open-store';
import type { SyncStore } from '../store/store';
import { keyringFromSecret, newSecretLine, rotateKeyFile } from './keyring';

export async function rotateKeys(store: SyncStore, env: NodeJS.ProcessEnv, now = Date.now()): Promise<string> {
  const ring = env.SCANCARD_KEK ? keyringFromSecret(env.SCANCARD_KEK) : rotateKeyFile(keyFileFor(env), now);
  const { rewrapped, released } = await store.rewrapDataKeys(ring, now);
  const lines = [
    `Data keys re-wrapped under key "${ring.current}" (${ring.source}): ${rewrapped}; new rows use a fresh data key.`,
  ];
  if (released.length)
    lines.push(
      `The database no longer needs key(s) ${released.map((k) => `"${k}"`).join(', ')}. Keep them only while backups made before now may be restored, then delete them from ${ring.source}.`,
    );
  else if (env.SCANCARD_KEK)
    lines.push('Nothing was wrapped under an older key. To rotate, put a new key first in SCANCARD_KEK (see new-key).');
  return lines.join('\n');
}

/** A SCANCARD_KEK value with a fresh key in front of the current ones. */
export const newKeyLine = (env: NodeJS.ProcessEnv, now = Date.now()) =>
  `SCANCARD_KEK=${newSecretLine(now, env.SCANCARD_KEK)}`;
