// The QC editor's problems in words, English and Chinese: the field is named, then a colon, then what
// to do ("Action level: enter a number" once read "Action level enter a number").
import { beforeAll, describe, expect, it } from 'vitest';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { addTest, blankSet, draftProblems, updateTest } from '../../../domain/quality/qc-set-draft';
import { draftProblemText } from './draft-problem-text';

let i18n: Awaited<ReturnType<typeof initTestI18n>>;
beforeAll(async () => {
  i18n = await initTestI18n();
});

const draft = () => {
  const d = addTest({ ...blankSet('row-1'), label: 'CT daily QC' }, 'row-2');
  return updateTest(
    updateTest(d, 'row-1', { label: 'Slice thickness', unit: 'mm', reference: '5', tolerance: '0,5x' }),
    'row-2',
    {
      label: '',
      unit: 'HU',
      reference: '0',
      tolerance: '4',
      action: '5',
      windowKind: 'percent',
    },
  );
};

describe('QC test-set problems in words', () => {
  it('English: the field, a colon, what to do', () => {
    const t = i18n.getFixedT('en');
    expect(draftProblems(draft()).map((p) => draftProblemText(t, p))).toEqual([
      'Test 1 (Slice thickness): Tolerance: "0,5x" is not a number',
      'Test 1 (Slice thickness): Action level: enter a number',
      'Test 2: Name must not be empty',
      'Test 2: Reference: a percent window needs a reference other than 0',
    ]);
  });

  it('Chinese: the same problems in Chinese, nothing left in English', () => {
    const t = i18n.getFixedT('zh-CN');
    expect(draftProblems(draft()).map((p) => draftProblemText(t, p))).toEqual([
      '项目 1（Slice thickness）：容差：“0,5x”不是数字',
      '项目 1（Slice thickness）：行动水平：请输入数字',
      '项目 2：名称不能为空',
      '项目 2：参考值：百分比限值需要不为 0 的参考值',
    ]);
  });
});
