/**
 * Which links the router follows in the page (appLinkTarget, plainClick): the app's pages on this origin, old "#/…"
 * addresses as their paths; never another site, the API's downloads, a file, a new tab or a plain fragment.
 */
import { describe, expect, it } from 'vitest';
import { appLinkTarget, plainClick, type LinkLike } from './router.js';

const here = { href: 'https://cchc.example.vn/reports/r1', origin: 'https://cchc.example.vn', pathname: '/reports/r1', search: '' };

const link = (href: string | null, attributes: { target?: string; download?: boolean } = {}): LinkLike => ({
  target: attributes.target ?? '',
  hasAttribute: (name) => name === 'download' && !!attributes.download,
  getAttribute: (name) => (name === 'href' ? href : null),
});

describe('the links the app follows in the page', () => {
  it("follows its own pages, with their query and fragment, and an earlier version's addresses as paths", () => {
    expect(appLinkTarget(link('/rounds/abc'), here)).toBe('/rounds/abc');
    expect(appLinkTarget(link('https://cchc.example.vn/reports/r2?x=1#muc-2'), here)).toBe('/reports/r2?x=1#muc-2');
    expect(appLinkTarget(link('#/rounds/abc'), here)).toBe('/rounds/abc');
    expect(appLinkTarget(link('/#/reports/r%2F2'), here)).toBe('/reports/r%2F2');
    expect(appLinkTarget(link('/'), here)).toBe('/');
    expect(appLinkTarget(link('/rounds', { target: '_self' }), here)).toBe('/rounds');
  });

  it('leaves every other link to the browser', () => {
    for (const [why, l] of [
      ['another site', link('https://evil.example/rounds')],
      ['a download of the API', link('/api/reports/r1/docx')],
      ['a file', link('/assets/x.js')],
      ['no page of the app', link('/khong-co')],
      ['a new tab', link('/rounds', { target: '_blank' })],
      ['a download', link('/rounds', { download: true })],
      ['no address', link(null)],
      ['a fragment of this page', link('#muc-2')],
      ['an old address of no page', link('#/khong-co')],
    ] as const)
      expect(appLinkTarget(l, here), why).toBeNull();
  });

  it('takes a plain click only: not a modified one, another button, or one a handler already took', () => {
    const click = (init: Partial<Record<'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'defaultPrevented', unknown>>) =>
      ({ button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false, ...init }) as MouseEvent;
    expect(plainClick(click({}))).toBe(true);
    for (const init of [{ button: 1 }, { metaKey: true }, { ctrlKey: true }, { shiftKey: true }, { altKey: true }, { defaultPrevented: true }])
      expect(plainClick(click(init)), JSON.stringify(init)).toBe(false);
  });
});
