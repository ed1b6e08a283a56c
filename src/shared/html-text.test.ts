/** The one escaping of text into HTML: the five characters that mean something in markup, and nothing else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html-text.js';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/gu, (e) => ENTITIES[e]!);

describe('escapeHtml', () => {
  it('escapes the five characters that mean something in markup, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> Số liệu`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; Số liệu');
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(unescape(escapeHtml(s))).toBe(s);
        expect(escapeHtml(s)).not.toMatch(/[<>"']/u);
      }),
    );
  });
});
