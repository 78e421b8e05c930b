// The patient view must speak the patient's language: every word on it comes from the "patient"
// namespace. This parses the patient feature's .tsx files and fails on words written into the JSX.
// Symbols and numbers (▶, ★, ?, 10) are fine: they read the same in every language.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PATIENT_DIR = 'src/ui/features/patient';
/** Attributes whose value is read or heard by the patient. */
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'title',
  'alt',
  'placeholder',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
]);
const LETTER = /\p{L}/u;
const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z]+);/gi; // &nbsp; is not a word

type Finding = { readonly where: string; readonly text: string };

/** Hard-coded words in a TSX source: JSX text, text attributes, and string literals shown as children. */
function findHardcodedText(fileName: string, source: string): Finding[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string) => {
    if (!LETTER.test(text.replace(ENTITY, ' '))) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    findings.push({ where: `${fileName}:${line}`, text: text.trim() });
  };
  /** String literals an expression can evaluate to directly (not arguments of calls such as t('key')). */
  const shownLiterals = (e: ts.Expression): void => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) report(e, e.text);
    else if (ts.isTemplateExpression(e))
      [e.head, ...e.templateSpans.map((s) => s.literal)].forEach((part) => report(e, part.text));
    else if (ts.isParenthesizedExpression(e)) shownLiterals(e.expression);
    else if (ts.isConditionalExpression(e)) [e.whenTrue, e.whenFalse].forEach(shownLiterals);
    else if (
      ts.isBinaryExpression(e) &&
      [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(
        e.operatorToken.kind,
      )
    )
      shownLiterals(e.right);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression) shownLiterals(init.expression);
    } else if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    ) {
      shownLiterals(node.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

describe('the checker', () => {
  const check = (jsx: string) =>
    findHardcodedText('Sample.tsx', `export const A = ({ t, on, label }: any) => (\n${jsx}\n);`).map((f) => f.text);

  it('finds a hard-coded "Hold still" and tells where', () => {
    const findings = findHardcodedText(
      'Coach.tsx',
      "import x from 'y';\nexport const C = () => (\n  <div>\n    <p>Hold still</p>\n  </div>\n);\n",
    );
    expect(findings).toEqual([{ where: 'Coach.tsx:4', text: 'Hold still' }]);
  });

  it('finds words in any script, in text attributes and in literal children', () => {
    expect(check('<p>انتظر قليلًا</p>')).toEqual(['انتظر قليلًا']);
    expect(check('<p>请稍等</p>')).toEqual(['请稍等']);
    expect(check('<p>{t("ui.heading")} — Ready</p>')).toEqual(['— Ready']);
    expect(check('<button aria-label="Close" title="Close it">x</button>')).toEqual(['Close', 'Close it', 'x']);
    expect(check('<img alt={"A scanner"} /> ')).toEqual(['A scanner']);
    expect(check('<input placeholder={on ? "Name" : label} />')).toEqual(['Name']);
    expect(check("<p>{'Wait'}</p>")).toEqual(['Wait']);
    expect(check('<p>{on ? t("ui.a") : `Done ${label}`}</p>')).toEqual(['Done']);
    expect(check('<p>{on && "Great!"}</p>')).toEqual(['Great!']);
  });

  it('lets symbols, numbers, keys and non-text attributes through', () => {
    expect(
      check('<button className="btn btn-big" type="button" aria-label={label}>▶ {t("breath.ready")}</button>'),
    ).toEqual([]);
    expect(check('<div><span className="star on">★</span><text>?</text><p>{10} · 3&nbsp;:</p></div>')).toEqual([]);
    expect(check('<p>{t(on ? "practice.again" : "practice.start")}</p>')).toEqual([]);
    expect(
      check('<svg aria-hidden="true" viewBox="0 0 40 40"><path d="M15 20h10" strokeLinecap="round" /></svg>'),
    ).toEqual([]);
  });
});

describe('the patient view', () => {
  const files = readdirSync(join(ROOT, PATIENT_DIR)).filter((f) => f.endsWith('.tsx') && !f.endsWith('.test.tsx'));

  it('parses every patient-view component', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'PatientPage.tsx',
        'BreathCoach.tsx',
        'PracticeGame.tsx',
        'HoldToExit.tsx',
        'Pictogram.tsx',
      ]),
    );
  });

  it('has no hard-coded words: every text comes from the patient namespace', () => {
    const findings = files.flatMap((f) =>
      findHardcodedText(`${PATIENT_DIR}/${f}`, readFileSync(join(ROOT, PATIENT_DIR, f), 'utf8')),
    );
    expect(findings.map((f) => `${f.where}: ${JSON.stringify(f.text)}`)).toEqual([]);
  });
});
