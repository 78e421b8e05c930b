// Files only the server's own account may read: the SQLite database (and its WAL, which SQLite
// creates with the database file's mode), the key file and the logs. New folders 0700; files 0600,
// also when they already existed with looser modes (release 0.1 made its database 0644). An existing
// folder keeps its mode: it may be one the site chose (or the working directory).
import { chmodSync, closeSync, createWriteStream, existsSync, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function privateDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE); // mkdir's mode is reduced by the umask
}

/** Creates the file (and its folder) if missing, and makes both private either way. */
export function privateFile(file: string): void {
  privateDir(dirname(file));
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
  for (const companion of [`${file}-wal`, `${file}-shm`, `${file}-journal`])
    if (existsSync(companion)) chmodSync(companion, PRIVATE_FILE_MODE);
}

export function privateLogStream(file: string): WriteStream {
  privateFile(file);
  return createWriteStream(file, { flags: 'a', mode: PRIVATE_FILE_MODE });
}
