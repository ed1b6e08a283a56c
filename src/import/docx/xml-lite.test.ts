import { describe, expect, it } from 'vitest';
import { XmlError, parseXml, textContent, type XmlElement } from './xml-lite.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

describe('parseXml', () => {
  it('resolves namespaces, attributes, references and CDATA', () => {
    const root = parseXml(
      `<?xml version="1.0"?>\n<!-- c --><w:document xmlns:w="${W}" xmlns="urn:d"><w:t a='1 &amp; 2' w:val="&#x1EA1;&#273;">x &lt;y&gt; &quot;z&quot;<![CDATA[<raw>]]></w:t><plain/></w:document>`,
    );
    expect(root).toMatchObject({ name: 'w:document', local: 'document', ns: W });
    const t = root.children[0] as XmlElement;
    expect(t.attrs).toEqual({ a: '1 & 2', 'w:val': 'ạđ' });
    expect(textContent(t)).toBe('x <y> "z"<raw>');
    expect(root.children[1]).toMatchObject({ local: 'plain', ns: 'urn:d' });
  });

  it('refuses what is not well-formed, and document type declarations', () => {
    for (const xml of [
      '<a><b></a>',
      '<a>',
      '<a></a><b/>',
      '<a x=1/>',
      '<a>&nbsp;</a>',
      '<a>&#0;</a>',
      '<p:a/>',
      'text<a/>',
      '<a x="1" x="2"/>',
      '<!DOCTYPE a [<!ENTITY e "eeee">]><a>&e;</a>',
      '',
    ]) {
      expect(() => parseXml(xml), xml).toThrow(XmlError);
    }
  });

  it('builds only the elements asked for, still checking the nesting of the others', () => {
    const keep = (parent: XmlElement | undefined, local: string) => !parent || local !== 'skip';
    const root = parseXml('<a><skip><deep x="1">t</deep></skip><b>kept</b></a>', keep);
    expect(root.children).toHaveLength(1);
    expect(textContent(root)).toBe('kept');
    expect(() => parseXml('<a><skip><deep></skip></a>', keep)).toThrow(XmlError);
  });

  it('parses a deeply nested document without recursion', () => {
    const depth = 50_000;
    const root = parseXml(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`);
    expect(root.local).toBe('a');
  });
});
