// A real DICOM worklist server for the tests: dcmtk's wlmscpfs over a temp folder of worklist files
// that dump2dcm makes from text dumps written here. One folder per called AE title, each with the
// lockfile wlmscpfs needs. Plus two fake servers: one that accepts and never answers, one that
// answers with something that is not DICOM.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';

export type WorklistEntry = {
  readonly accession?: string;
  readonly patientId?: string;
  /** PN value exactly as it should be on the wire, before encoding. */
  readonly name?: string;
  readonly birthDate?: string; // YYYYMMDD as DICOM has it (may be deliberately wrong)
  readonly sex?: string;
  readonly modality: string;
  readonly station: string;
  readonly date: string; // YYYYMMDD
  readonly time?: string;
  readonly code?: { value: string; scheme: string; meaning: string };
  readonly studyUid?: string;
  /** How the text is encoded in the file; the matching Specific Character Set is written too. */
  readonly charset?: 'utf8' | 'gb18030' | 'iso-ir-127' | 'iso2022-gb2312';
};

const CHARSET_VALUE = {
  utf8: 'ISO_IR 192',
  gb18030: 'GB18030',
  'iso-ir-127': 'ISO_IR 127',
  'iso2022-gb2312': '\\ISO 2022 IR 58',
} as const;

/** Encodes text the way a RIS in that character set would put it in the file. */
function encode(text: string, charset: NonNullable<WorklistEntry['charset']>): Buffer {
  if (charset === 'utf8') return Buffer.from(text, 'utf8');
  if (charset === 'gb18030') return iconv.encode(text, 'gb18030');
  if (charset === 'iso-ir-127') return iconv.encode(text, 'iso-8859-6');
  // ISO 2022 IR 58: each run of Chinese is designated into G1 with ESC $ ) A, and G0 returned to
  // ASCII with ESC ( B before the next delimiter, as PS3.5 Annex K shows.
  return Buffer.concat(
    text
      .split(/([^\p{ASCII}]+)/u)
      .map((run, i) =>
        i % 2
          ? Buffer.concat([
              Buffer.from('\x1b$)A', 'latin1'),
              iconv.encode(run, 'gb2312'),
              Buffer.from('\x1b(B', 'latin1'),
            ])
          : Buffer.from(run, 'latin1'),
      ),
  );
}

export function worklistDump(e: WorklistEntry): Buffer {
  const charset = e.charset ?? 'utf8';
  const line = (tag: string, vr: string, value?: string | Buffer) =>
    value === undefined
      ? []
      : [
          Buffer.concat([
            Buffer.from(`(${tag}) ${vr} [`),
            typeof value === 'string' ? encode(value, charset) : value,
            Buffer.from(']'),
          ]),
        ];
  const raw = (s: string) => [Buffer.from(s)];
  const parts: Buffer[] = [
    ...line('0008,0005', 'CS', Buffer.from(CHARSET_VALUE[charset])),
    ...line('0008,0050', 'SH', e.accession),
    ...line('0010,0010', 'PN', e.name),
    ...line('0010,0020', 'LO', e.patientId),
    ...line('0010,0030', 'DA', e.birthDate),
    ...line('0010,0040', 'CS', e.sex),
    ...line('0020,000d', 'UI', e.studyUid),
    ...line('0032,1060', 'LO', e.code?.meaning),
    ...(e.code
      ? [
          ...raw('(0032,1064) SQ'),
          ...raw('(fffe,e000) -'),
          ...line('0008,0100', 'SH', e.code.value),
          ...line('0008,0102', 'SH', e.code.scheme),
          ...line('0008,0104', 'LO', e.code.meaning),
          ...raw('(fffe,e00d) -'),
          ...raw('(fffe,e0dd) -'),
        ]
      : []),
    ...raw('(0040,0100) SQ'),
    ...raw('(fffe,e000) -'),
    ...line('0008,0060', 'CS', e.modality),
    ...line('0040,0001', 'AE', e.station),
    ...line('0040,0002', 'DA', e.date),
    ...line('0040,0003', 'TM', e.time ?? '083000'),
    ...line('0040,0009', 'SH', `SPS-${e.accession ?? 'none'}`),
    ...raw('(fffe,e00d) -'),
    ...raw('(fffe,e0dd) -'),
    ...line('0040,1001', 'SH', `RP-${e.accession ?? 'none'}`),
  ];
  return Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')]));
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function waitForPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (proc.exitCode !== null) throw new Error(`wlmscpfs exited (${proc.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`wlmscpfs did not start listening on ${port}: ${log()}`);
}

export type RunningScp = { readonly port: number; stop(): Promise<void> };

/** Writes the worklist files, starts wlmscpfs on a free loopback port and waits until it listens. */
export async function startWorklistServer(
  folders: Readonly<Record<string, readonly WorklistEntry[]>>,
  extraArgs: readonly string[] = [],
): Promise<RunningScp> {
  const dir = mkdtempSync(join(tmpdir(), 'scancard-wlm-'));
  for (const [ae, entries] of Object.entries(folders)) {
    const aeDir = join(dir, ae);
    mkdirSync(aeDir);
    writeFileSync(join(aeDir, 'lockfile'), '');
    entries.forEach((e, i) => {
      const dump = join(dir, `${ae}-${i}.dump`);
      writeFileSync(dump, worklistDump(e));
      execFileSync('dump2dcm', ['-q', dump, join(aeDir, `entry${i}.wl`)]);
    });
  }
  const port = await freePort();
  // -s: one process, so stopping it stops everything; -csk: return each file's character set;
  // -dfr: serve incomplete files too, so the client sees malformed answers.
  const proc = spawn('wlmscpfs', ['-s', '-csk', '-dfr', '-dfp', dir, ...extraArgs, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForPort(port, proc, () => output);
  return {
    port,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP server on loopback: `silent` accepts and never answers, `garbage` answers with HTTP. */
export async function startFakeServer(kind: 'silent' | 'garbage'): Promise<RunningScp> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    if (kind === 'garbage') s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
