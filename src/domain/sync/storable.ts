// Text that neither store can hold as sent: PostgreSQL refuses NUL in text (and \u0000 in jsonb), and
// a lone surrogate is not text at all (UTF-8 encoding would turn it into U+FFFD, silently changing
// what was acknowledged). Found anywhere in a value, keys included, so it is refused before any
// schema or query sees it, the same way on both stores.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|\p{Cs}/u;
const MAX_DEPTH = 64;

/** Where the first unstorable text is (a field path such as `payload.patient.name`), and what it is; undefined if none. */
export function unstorableText(value: unknown, path = ''): string | undefined {
  return walk(value, path, 0);
}

function walk(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return problem(value, path);
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return `${path || '(value)'}: nested deeper than ${MAX_DEPTH} levels, which is not accepted`;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = walk(v, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    const found = problem(k, `${at} (field name)`) ?? walk(v, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function problem(text: string, path: string): string | undefined {
  const m = UNSTORABLE.exec(text);
  if (!m) return undefined;
  const what = m[0] === '\u0000' ? 'a NUL character (U+0000)' : 'an unpaired surrogate (broken character)';
  // eslint-disable-next-line no-control-regex -- a field name may hold the character itself: never echo it
  const where = path.replace(/[\u0000-\u001f\ud800-\udfff]/g, '?') || '(value)';
  return `${where}: contains ${what}, which cannot be stored`;
}
