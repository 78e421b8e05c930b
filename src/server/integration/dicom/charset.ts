// DICOM text with ISO 2022 code extensions (PS3.5 §6.1.2.5), recovered after dcmjs.
//
// dcmjs decodes a dataset with the FIRST value of Specific Character Set (0008,0005) only, then
// rewrites that element to "ISO_IR 192". A Chinese RIS that sends "\ISO 2022 IR 58" (GB2312 switched
// in with ESC $ ) A), or Arabic switched in with ESC - F, therefore arrives as windows-1252 characters
// with the escape sequences still inside. Every byte of windows-1252 maps to its own character, so
// the bytes can be recovered exactly and decoded again, switching character sets at each escape.
// Single-valued sets (ISO_IR 192, GB18030, GBK, ISO_IR 127, ISO_IR 100 …) dcmjs decodes correctly.

const ESC = 0x1b;

type Charset = { readonly label: string; readonly g: 'G0' | 'G1' };

/** Escape sequences DICOM defines for code extensions (PS3.3 C.12.1.1.2), to WHATWG decoder labels. */
const ESCAPES: ReadonlyArray<readonly [string, Charset]> = [
  ['$)A', { label: 'gbk', g: 'G1' }], // ISO 2022 IR 58, GB2312 (EUC-CN bytes are valid GBK)
  ['$)C', { label: 'euc-kr', g: 'G1' }], // ISO 2022 IR 149, KS X 1001
  ['$B', { label: 'iso-2022-jp', g: 'G0' }], // ISO 2022 IR 87, JIS X 0208
  ['(B', { label: 'ascii', g: 'G0' }], // ISO 2022 IR 6
  ['(J', { label: 'iso-2022-jp', g: 'G0' }], // ISO 2022 IR 14, JIS X 0201 Romaji
  [')I', { label: 'shift_jis', g: 'G1' }], // ISO 2022 IR 13, JIS X 0201 Katakana
  ['-A', { label: 'iso-8859-1', g: 'G1' }], // ISO 2022 IR 100
  ['-B', { label: 'iso-8859-2', g: 'G1' }], // ISO 2022 IR 101
  ['-C', { label: 'iso-8859-3', g: 'G1' }], // ISO 2022 IR 109
  ['-D', { label: 'iso-8859-4', g: 'G1' }], // ISO 2022 IR 110
  ['-F', { label: 'iso-8859-6', g: 'G1' }], // ISO 2022 IR 127, Arabic
  ['-G', { label: 'iso-8859-7', g: 'G1' }], // ISO 2022 IR 126, Greek
  ['-H', { label: 'iso-8859-8', g: 'G1' }], // ISO 2022 IR 138, Hebrew
  ['-L', { label: 'iso-8859-5', g: 'G1' }], // ISO 2022 IR 144, Cyrillic
  ['-M', { label: 'iso-8859-9', g: 'G1' }], // ISO 2022 IR 148, Latin 5
  ['-T', { label: 'windows-874', g: 'G1' }], // ISO 2022 IR 166, Thai
];

/** What dcmjs decoded with (WHATWG "iso-8859-1"/"latin1" is windows-1252), inverted. */
const CP1252_BYTE: ReadonlyMap<string, number> = (() => {
  const decoded = new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  return new Map([...decoded].map((ch, i) => [ch, i]));
})();

export type Decoded = { readonly text: string } | { readonly problem: string };

/** Text as dcmjs returned it → text as the sender meant it. Text without escapes is returned as is. */
export function recoverIso2022(value: string): Decoded {
  if (!value.includes('\u001b')) return { text: value };
  const bytes: number[] = [];
  for (const ch of value) {
    const b = CP1252_BYTE.get(ch);
    if (b === undefined) return { problem: 'uses ISO 2022 escapes after a character set that cannot be recovered' };
    bytes.push(b);
  }
  return decodeIso2022(Uint8Array.from(bytes));
}

/**
 * Decodes ISO 2022 bytes: G0 starts as ASCII, G1 as windows-1252 (dcmjs' reading of value 1).
 * PS3.5 §6.1.2.5.3 resets both at "^", "=" and line ends and makes senders designate again; a
 * designation is kept across them here, so a sender that forgets to repeat it still reads right.
 */
export function decodeIso2022(bytes: Uint8Array): Decoded {
  let state = { g0: '(B', g1: 'windows-1252' };
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === ESC) {
      const found = ESCAPES.find(([seq]) => seq.split('').every((c, k) => bytes[i + 1 + k] === c.charCodeAt(0)));
      if (!found) return { problem: `has an unsupported ISO 2022 escape sequence at byte ${i}` };
      const [seq, cs] = found;
      state = cs.g === 'G0' ? { ...state, g0: seq } : { ...state, g1: cs.label };
      i += 1 + seq.length;
      continue;
    }
    const high = b >= 0x80;
    let end = i;
    while (end < bytes.length && bytes[end] !== ESC && bytes[end]! >= 0x80 === high) end += 1;
    const run = bytes.subarray(i, end);
    const text = high ? decodeG1(state.g1, run) : decodeG0(state.g0, run);
    if (text === undefined) return { problem: `has bytes that are not valid ${high ? state.g1 : `ESC ${state.g0}`}` };
    out += text;
    i = end;
  }
  return { text: out };
}

/** The 94×94 sets (GB2312, KS X 1001) in G1 are byte pairs in A1–FE; Node's gbk drops some others silently. */
function decodeG1(label: string, run: Uint8Array): string | undefined {
  const pairs = label === 'gbk' || label === 'euc-kr';
  if (pairs && (run.length % 2 || run.some((b) => b < 0xa1 || b > 0xfe))) return undefined;
  return decode(label, run);
}

/** G0 is ASCII unless a JIS set was designated; then the iso-2022-jp decoder reads the run after it. */
function decodeG0(seq: string, run: Uint8Array): string | undefined {
  if (seq === '(B') return decode('windows-1252', run);
  return decode('iso-2022-jp', Uint8Array.from([ESC, ...[...seq].map((c) => c.charCodeAt(0)), ...run]));
}

// Fatal decoders: invalid bytes throw rather than turn into "\ufffd" (or, in Node's ICU gbk, into nothing).
const decoders = new Map<string, TextDecoder>();
function decode(label: string, bytes: Uint8Array): string | undefined {
  let d = decoders.get(label);
  if (!d) decoders.set(label, (d = new TextDecoder(label, { fatal: true })));
  try {
    return d.decode(bytes);
  } catch {
    return undefined;
  }
}
