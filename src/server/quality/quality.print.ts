// A printable page of one quality table (browser print to PDF): plain HTML, every cell escaped, no
// script and no inline style (the server's CSP allows neither).
import type { RecordTable } from '../../domain/quality/quality.rows';

const TITLES: Record<RecordTable['kind'], string> = {
  equipment: 'Equipment register',
  qc: 'QC results',
  service: 'Service log',
  overrides: 'Scanner overrides',
  imageQc: 'Image QC (rejects and repeats)',
  adverse: 'Adverse events',
};

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function printablePage(t: RecordTable, printedAt: string): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(TITLES[t.kind])}</title></head>
<body>
<h1>ScanCard · ${esc(TITLES[t.kind])}</h1>
<p>${t.rows.length} records · printed ${esc(printedAt)} · quality record, keep per the department's retention rules</p>
<table border="1" cellpadding="4" cellspacing="0">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table>
</body></html>
`;
}
