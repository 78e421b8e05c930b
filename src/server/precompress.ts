// Build step (after `vite build`): writes a brotli (.br) and a gzip (.gz) copy of every text asset,
// so the server sends them precompressed (fastify-static's preCompressed) without compressing per
// request. Run: tsx src/server/precompress.ts dist
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|css|html|json|svg|webmanifest|txt)$/;

export function precompress(dir: string): { files: number; bytes: number; br: number; gz: number } {
  const total = { files: 0, bytes: 0, br: 0, gz: 0 };
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (!COMPRESSIBLE.test(name) || !statSync(path).isFile()) continue;
    const body = readFileSync(path);
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    const gz = gzipSync(body, { level: 9 });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    total.files += 1;
    total.bytes += body.length;
    total.br += br.length;
    total.gz += gz.length;
  }
  return total;
}

if (process.argv[1]?.endsWith('precompress.ts')) {
  const t = precompress(process.argv[2] ?? 'dist');
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  process.stdout.write(`precompressed ${t.files} files: ${kb(t.bytes)} → brotli ${kb(t.br)}, gzip ${kb(t.gz)}\n`);
}
