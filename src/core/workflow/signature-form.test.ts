import { describe, expect, it } from 'vitest';
import { signatureProblem, signatureTitleLines } from './signature-form.js';

describe('signatureTitleLines: the signature block as Nghị định 30 lays it out', () => {
  it('the head signs with the title alone', () => {
    expect(signatureTitleLines({ signingFor: 'own', headTitle: null, signerTitle: 'Giám đốc', signer: 'A' })).toEqual(['GIÁM ĐỐC']);
  });
  it('a deputy signs KT. for the head, the own title below', () => {
    expect(signatureTitleLines({ signingFor: 'KT', headTitle: 'giám đốc', signerTitle: 'phó  giám đốc', signer: 'B' })).toEqual([
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
    ]);
  });
  it('TM. for a collective, TL. by delegation', () => {
    expect(signatureTitleLines({ signingFor: 'TM', headTitle: 'Ủy ban nhân dân', signerTitle: 'Chủ tịch', signer: null })).toEqual([
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
    ]);
    expect(signatureTitleLines({ signingFor: 'TL', headTitle: 'Giám đốc', signerTitle: 'Chánh Văn phòng', signer: null })).toEqual([
      'TL. GIÁM ĐỐC',
      'CHÁNH VĂN PHÒNG',
    ]);
  });
  it('a form without the titles it needs is refused in Vietnamese', () => {
    expect(signatureProblem({ signingFor: 'KT', headTitle: '', signerTitle: 'Phó Giám đốc', signer: null })).toMatch(/KT\..*chức vụ/u);
    expect(signatureProblem({ signingFor: 'own', headTitle: null, signerTitle: ' ', signer: null })).toMatch(/chức vụ/u);
    expect(signatureProblem({ signingFor: 'KT', headTitle: 'Giám đốc', signerTitle: 'Phó Giám đốc', signer: null })).toBeNull();
  });
});
