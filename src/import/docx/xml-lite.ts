/**
 * A small, fast, non-validating XML parser for the parts of an OOXML package we read (word/document.xml,
 * word/styles.xml): elements with namespace-resolved names, attributes, and text. It replaces a DOM parser that took
 * 300–900 ms on a 400 KB document.xml (Word and LibreOffice repeat run properties on every run); this one scans the
 * string once with indexOf.
 *
 * Well-formedness is checked where it matters to us: tags must nest and match, attributes must be quoted, entity
 * references must be the five predefined ones or character references, there is exactly one root element. A document
 * type declaration is refused outright (no OOXML part has one; it is how entity-expansion attacks start).
 * Errors are thrown as XmlError; callers turn them into ImportError.
 */

export class XmlError extends Error {
  override name = 'XmlError';
}

export interface XmlElement {
  /** The qualified name as written ("w:p"). */
  name: string;
  /** The local part ("p"). */
  local: string;
  /** The namespace URI the prefix resolves to ('' when none). */
  ns: string;
  /** Attributes by qualified name as written ("w:val"), values with references resolved. */
  attrs: Record<string, string>;
  /** Child elements and text, in document order. */
  children: XmlNode[];
  /** The namespace bindings in scope (prefix → URI; '' for the default namespace). */
  scope: NamespaceScope;
}

export type XmlNode = XmlElement | string;

type NamespaceScope = ReadonlyMap<string, string>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ROOT_SCOPE: NamespaceScope = new Map([['xml', XML_NS]]);

/** Resolves entity and character references in text or an attribute value. */
function decodeReferences(text: string, at: number): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&<]{0,12});?/gu, (match, ref: string) => {
    if (!match.endsWith(';')) throw new XmlError(`unterminated reference near offset ${at}`);
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/u.exec(ref);
    if (!numeric) throw new XmlError(`undefined entity &${ref}; near offset ${at}`);
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      throw new XmlError(`invalid character reference &${ref}; near offset ${at}`);
    return String.fromCodePoint(code);
  });
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Where a name ends: white space, "/", ">" or "=". */
function isNameEnd(code: number): boolean {
  return isSpace(code) || code === 0x2f || code === 0x3e || code === 0x3d;
}

function splitName(qualified: string): [prefix: string, local: string] {
  const colon = qualified.indexOf(':');
  return colon < 0 ? ['', qualified] : [qualified.slice(0, colon), qualified.slice(colon + 1)];
}

/** The namespace URI of an attribute's qualified name on an element ('' when unprefixed: attributes take no default namespace). */
export function attributeNamespace(element: XmlElement, qualified: string): string {
  const [prefix] = splitName(qualified);
  return prefix === '' ? '' : (element.scope.get(prefix) ?? '');
}

/**
 * Decides which elements are built: called with the parent (undefined for the root) and the child's local name. A
 * child it refuses is still checked for well-formedness, but neither it nor anything inside it is kept — most of a
 * document.xml is formatting a reader never looks at, and building it is most of the cost.
 */
export type KeepElement = (parent: XmlElement | undefined, local: string) => boolean;

/** Parses a whole XML document and returns its root element. */
export function parseXml(xml: string, keep?: KeepElement): XmlElement {
  const length = xml.length;
  /** Open elements: their names, and the element built for each (null inside a dropped one). */
  const names: string[] = [];
  const stack: (XmlElement | null)[] = [];
  let root: XmlElement | null = null;
  let pos = 0;

  const textNode = (raw: string, at: number) => {
    if (stack.length > 0 && stack[stack.length - 1] === null) return;
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (raw.trim() !== '') throw new XmlError(`text outside the root element at offset ${at}`);
      return;
    }
    if (raw.includes('>') && raw.includes(']]>')) throw new XmlError(`"]]>" in text at offset ${at}`);
    const text = decodeReferences(raw, at);
    if (text !== '') parent.children.push(text);
  };

  while (pos < length) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) {
      textNode(xml.slice(pos), pos);
      break;
    }
    if (lt > pos) textNode(xml.slice(pos, lt), pos);
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlError(`unterminated processing instruction at offset ${lt}`);
      pos = end + 2;
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) throw new XmlError(`unterminated comment at offset ${lt}`);
        pos = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) throw new XmlError(`unterminated CDATA section at offset ${lt}`);
        if (stack.length === 0) throw new XmlError(`CDATA outside the root element at offset ${lt}`);
        const parent = stack[stack.length - 1];
        const text = xml.slice(lt + 9, end);
        if (parent && text !== '') parent.children.push(text);
        pos = end + 3;
        continue;
      }
      throw new XmlError(`document type declarations and other markup declarations are not accepted (offset ${lt})`);
    }
    if (next === 0x2f /* / */) {
      const end = xml.indexOf('>', lt + 2);
      if (end < 0) throw new XmlError(`unterminated end tag at offset ${lt}`);
      const name = xml.slice(lt + 2, end).trimEnd();
      const open = names.pop();
      stack.pop();
      if (open !== name) throw new XmlError(`end tag </${name}> does not match <${open ?? ''}> at offset ${lt}`);
      pos = end + 1;
      continue;
    }

    // a start tag or an empty-element tag
    let i = lt + 1;
    while (i < length && !isNameEnd(xml.charCodeAt(i))) i += 1;
    const name = xml.slice(lt + 1, i);
    if (name === '') throw new XmlError(`element without a name at offset ${lt}`);
    const parent = stack[stack.length - 1];
    // inside a dropped element, or dropped itself: its attributes are checked but not kept (most elements of a
    // document.xml are run formatting that is dropped, and building their attributes was a good part of the time)
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    const dropped = parent === null || (keep !== undefined && !keep(parent, local));
    const attrs: Record<string, string> = {};
    const droppedNames: string[] | null = dropped ? [] : null;
    let declarations: Map<string, string> | null = null;
    let selfClosing = false;
    for (;;) {
      while (i < length && isSpace(xml.charCodeAt(i))) i += 1;
      if (i >= length) throw new XmlError(`unterminated start tag <${name} at offset ${lt}`);
      const c = xml.charCodeAt(i);
      if (c === 0x3e /* > */) {
        i += 1;
        break;
      }
      if (c === 0x2f /* / */) {
        if (xml.charCodeAt(i + 1) !== 0x3e) throw new XmlError(`malformed empty-element tag <${name} at offset ${lt}`);
        selfClosing = true;
        i += 2;
        break;
      }
      const nameStart = i;
      while (i < length && !isNameEnd(xml.charCodeAt(i))) i += 1;
      const attrName = xml.slice(nameStart, i);
      while (i < length && isSpace(xml.charCodeAt(i))) i += 1;
      if (attrName === '' || xml.charCodeAt(i) !== 0x3d /* = */) throw new XmlError(`malformed attribute in <${name} at offset ${nameStart}`);
      i += 1;
      while (i < length && isSpace(xml.charCodeAt(i))) i += 1;
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") throw new XmlError(`unquoted attribute value in <${name} at offset ${i}`);
      const close = xml.indexOf(quote, i + 1);
      if (close < 0) throw new XmlError(`unterminated attribute value in <${name} at offset ${i}`);
      const raw = xml.slice(i + 1, close);
      if (raw.includes('<')) throw new XmlError(`"<" in an attribute value in <${name} at offset ${i}`);
      if (droppedNames) {
        if (droppedNames.includes(attrName)) throw new XmlError(`duplicate attribute ${attrName} in <${name} at offset ${i}`);
        droppedNames.push(attrName);
        if (raw.includes('&')) decodeReferences(raw, i);
        i = close + 1;
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(attrs, attrName)) throw new XmlError(`duplicate attribute ${attrName} in <${name} at offset ${i}`);
      const value = decodeReferences(raw, i);
      attrs[attrName] = value;
      if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) {
        declarations ??= new Map();
        declarations.set(attrName === 'xmlns' ? '' : attrName.slice(6), value);
      }
      i = close + 1;
    }

    if (stack.length === 0 && root) throw new XmlError(`a second root element <${name}> at offset ${lt}`);
    if (dropped) {
      // inside a dropped element, or dropped itself: only nesting is checked
      if (stack.length === 0) throw new XmlError(`the root element <${name}> is not accepted`);
      if (!selfClosing) {
        names.push(name);
        stack.push(null);
      }
      pos = i;
      continue;
    }
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const parentScope = parent?.scope ?? ROOT_SCOPE;
    const scope: NamespaceScope = declarations ? new Map([...parentScope, ...declarations]) : parentScope;
    const ns = scope.get(prefix);
    if (ns === undefined && prefix !== '') throw new XmlError(`unbound namespace prefix "${prefix}" at offset ${lt}`);
    const element: XmlElement = { name, local, ns: ns ?? '', attrs, children: [], scope };
    if (parent) parent.children.push(element);
    else root = element;
    if (!selfClosing) {
      names.push(name);
      stack.push(element);
    }
    pos = i;
  }
  if (names.length > 0) throw new XmlError(`element <${names[names.length - 1]!}> is not closed`);
  if (!root) throw new XmlError('no root element');
  return root;
}

/** The concatenated text of an element and its descendants. */
export function textContent(element: XmlElement): string {
  let text = '';
  for (const child of element.children) text += typeof child === 'string' ? child : textContent(child);
  return text;
}
