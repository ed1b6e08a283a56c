/**
 * The signature block of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục 8): who signs and in
 * what capacity. The head signs with the title alone ("GIÁM ĐỐC"); a deputy signs for the head, "KT. GIÁM ĐỐC" over
 * "PHÓ GIÁM ĐỐC"; for a collective body "TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH"; by delegation "TL. GIÁM ĐỐC" over
 * "CHÁNH VĂN PHÒNG". Pure.
 */

/** Signing on one's own authority, or for the head (KT.), for a collective (TM.), by delegation (TL.). */
export type SigningFor = 'own' | 'KT' | 'TM' | 'TL';

export interface SignatureForm {
  signingFor: SigningFor;
  /** The head's title or the collective's name the signer signs for ("GIÁM ĐỐC", "ỦY BAN NHÂN DÂN"); unused for 'own'. */
  headTitle: string | null;
  /** The signer's own title ("PHÓ GIÁM ĐỐC", or "GIÁM ĐỐC" for the head). */
  signerTitle: string;
  /** The signer's name, printed under the signature space. */
  signer: string | null;
}

export const SIGNING_FOR_LABEL: Record<SigningFor, string> = {
  own: 'Thủ trưởng ký',
  KT: 'KT. (ký thay)',
  TM: 'TM. (thay mặt)',
  TL: 'TL. (thừa lệnh)',
};

const upper = (text: string) => text.trim().replace(/\s+/gu, ' ').toLocaleUpperCase('vi');

/** The title lines of the signature block as printed, in capitals: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]. */
export function signatureTitleLines(form: SignatureForm): string[] {
  const own = upper(form.signerTitle);
  const head = upper(form.headTitle ?? '');
  if (form.signingFor === 'own' || !head) return own ? [own] : [];
  return own ? [`${form.signingFor}. ${head}`, own] : [`${form.signingFor}. ${head}`];
}

/**
 * What is wrong with a signature form, in Vietnamese; null when it can be printed: a signer's title is needed, and a
 * head's title when signing for someone.
 */
export function signatureProblem(form: SignatureForm): string | null {
  if (!form.signerTitle.trim()) return 'Hãy ghi chức vụ của người ký (ví dụ: GIÁM ĐỐC, PHÓ GIÁM ĐỐC).';
  if (form.signingFor !== 'own' && !(form.headTitle ?? '').trim()) {
    return `Ký ${form.signingFor}. cần ghi chức vụ của người đứng đầu hoặc tên tập thể (ví dụ: GIÁM ĐỐC, ỦY BAN NHÂN DÂN).`;
  }
  return null;
}
