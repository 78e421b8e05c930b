// The key-encryption keys (KEKs): never in the database. Either an environment secret
// (SCANCARD_KEK="id:base64key[,id:base64key…]", the first one current) or a key file (JSON, 0600,
// beside the data unless SCANCARD_KEY_FILE says where), made on first start. Rotation adds a new
// current key to the file and keeps the old ones, so a restored older backup still opens.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PRIVATE_FILE_MODE, privateDir, privateFile } from '../private-files';

export const KEK_BYTES = 32;

export type Keyring = {
  /** Where the keys came from, for messages ("the key file /srv/…", "SCANCARD_KEK"). */
  readonly source: string;
  /** New wraps use this key. */
  readonly current: string;
  readonly keys: ReadonlyMap<string, Buffer>;
};

type KeyFile = { current: string; keys: Record<string, string> };

const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

export const newKeyId = (now: number) =>
  `k${new Date(now).toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;

function decodeKey(id: string, b64: string, where: string): Buffer {
  if (!KEY_ID.test(id)) throw new Error(`${where}: key id "${id}" must be 1-40 letters, digits, "_" or "-"`);
  const key = Buffer.from(b64, 'base64');
  if (key.length !== KEK_BYTES || key.toString('base64') !== b64.trim())
    throw new Error(`${where}: key "${id}" must be ${KEK_BYTES} random bytes in base64`);
  return key;
}

/** SCANCARD_KEK="id:base64[,id:base64…]": the first key is current, the others still open old wraps. */
export function keyringFromSecret(secret: string): Keyring {
  const keys = new Map<string, Buffer>();
  for (const part of secret.split(',').map((p) => p.trim())) {
    const at = part.indexOf(':');
    if (at < 1) throw new Error('SCANCARD_KEK: each key is "id:base64key", separated by commas');
    const id = part.slice(0, at);
    if (keys.has(id)) throw new Error(`SCANCARD_KEK: key id "${id}" appears twice`);
    keys.set(id, decodeKey(id, part.slice(at + 1), 'SCANCARD_KEK'));
  }
  return { source: 'SCANCARD_KEK', current: [...keys.keys()][0]!, keys };
}

/** A line for SCANCARD_KEK with a fresh key in front of the given ones. */
export const newSecretLine = (now: number, previous?: string) =>
  [`${newKeyId(now)}:${randomBytes(KEK_BYTES).toString('base64')}`, ...(previous ? [previous] : [])].join(',');

function readKeyFile(file: string): Keyring {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch (e) {
    throw new Error(`the key file ${file} cannot be read: ${(e as Error).message}`);
  }
  const where = `the key file ${file}`;
  const keys = new Map(Object.entries(parsed.keys ?? {}).map(([id, b64]) => [id, decodeKey(id, b64, where)]));
  if (!keys.has(parsed.current)) throw new Error(`${where}: its current key "${parsed.current}" is not in it`);
  return { source: where, current: parsed.current, keys };
}

function writeKeyFile(file: string, ring: Pick<Keyring, 'current' | 'keys'>): void {
  const body: KeyFile = {
    current: ring.current,
    keys: Object.fromEntries([...ring.keys].map(([id, k]) => [id, k.toString('base64')])),
  };
  privateDir(dirname(file));
  // Written whole to a private temporary file, then renamed: a crash never leaves half a key file.
  const tmp = join(dirname(file), `.${randomBytes(6).toString('hex')}.key.tmp`);
  writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  renameSync(tmp, file);
}

/** The key file's keys, making the file (0600) with a first key when there is none yet. */
export function keyringFromFile(file: string, now = Date.now()): Keyring {
  if (!existsSync(file)) {
    const id = newKeyId(now);
    writeKeyFile(file, { current: id, keys: new Map([[id, randomBytes(KEK_BYTES)]]) });
  }
  privateFile(file); // tighten a file a person copied in with a looser mode
  return readKeyFile(file);
}

/** Adds a fresh current key to the key file; the old keys stay for older backups. */
export function rotateKeyFile(file: string, now = Date.now()): Keyring {
  const ring = keyringFromFile(file, now);
  const id = newKeyId(now);
  writeKeyFile(file, { current: id, keys: new Map([...ring.keys, [id, randomBytes(KEK_BYTES)]]) });
  return readKeyFile(file);
}

/** SCANCARD_KEK when it is set, else the key file. */
export function keyringFromEnv(env: NodeJS.ProcessEnv, keyFile: string): Keyring {
  return env.SCANCARD_KEK ? keyringFromSecret(env.SCANCARD_KEK) : keyringFromFile(keyFile);
}

/** A keyring held only in memory (tests, benchmarks): what it sealed is lost with the process. */
export function ephemeralKeyring(): Keyring {
  const id = 'ephemeral';
  return { source: 'memory', current: id, keys: new Map([[id, randomBytes(KEK_BYTES)]]) };
}
