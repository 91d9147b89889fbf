/**
 * A small, strict reader for the XML that S3-compatible stores answer with (ListBucketResult,
 * InitiateMultipartUploadResult, ListPartsResult, CompleteMultipartUploadResult, Error).
 *
 * Why hand-written: the store client runs in Web Workers, which have no DOMParser, and the
 * documents are flat and machine-written. It reads elements, attributes (skipped), text,
 * character and the five predefined entity references, CDATA, comments and the XML
 * declaration. It refuses anything else: a DOCTYPE (so no entity expansion), unknown
 * entities, mismatched or unclosed tags, text outside the root. Namespace prefixes are
 * dropped (`s3:Key` reads as `Key`): S3 documents use one default namespace.
 */

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text (concatenated, entities decoded), without its children's. */
  text: string;
}

export class XmlError extends Error {
  override name = 'XmlError';
}

const namePattern = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;

export function parseXml(source: string): XmlElement {
  let pos = source.startsWith('\uFEFF') ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const fail = (what: string): never => xmlFail(what, pos);

  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > pos) {
      const raw = source.slice(pos, textEnd);
      const current = stack.at(-1);
      if (current) current.text += decodeEntities(raw, fail);
      else if (raw.trim() !== '') fail('text outside the root element');
      pos = textEnd;
      continue;
    }
    if (source.startsWith('<?', pos)) {
      const end = source.indexOf('?>', pos);
      if (end === -1) fail('unclosed processing instruction');
      pos = end + 2;
    } else if (source.startsWith('<!--', pos)) {
      const end = source.indexOf('-->', pos);
      if (end === -1) fail('unclosed comment');
      pos = end + 3;
    } else if (source.startsWith('<![CDATA[', pos)) {
      const end = source.indexOf(']]>', pos);
      const current = stack.at(-1);
      if (end === -1 || !current) fail('misplaced CDATA');
      else current.text += source.slice(pos + 9, end);
      pos = end + 3;
    } else if (source.startsWith('<!', pos)) {
      fail('DOCTYPE and other declarations are not accepted');
    } else if (source.startsWith('</', pos)) {
      const end = source.indexOf('>', pos);
      if (end === -1) fail('unclosed end tag');
      const name = localName(source.slice(pos + 2, end).trim());
      const open = stack.pop();
      if (open?.name !== name) fail(`</${name}> does not close <${open?.name ?? '(none)'}>`);
      pos = end + 1;
    } else {
      const match = namePattern.exec(source.slice(pos + 1, pos + 257));
      if (!match) return xmlFail('bad tag name', pos);
      const end = findTagEnd(source, pos);
      if (end === -1) fail('unclosed start tag');
      const selfClosing = source[end - 1] === '/';
      const element: XmlElement = { name: localName(match[0]), children: [], text: '' };
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
      pos = end + 1;
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)?.name ?? ''}> is not closed`);
  return root ?? xmlFail('no root element', pos);
}

function xmlFail(what: string, pos: number): never {
  throw new XmlError(`XML: ${what} at offset ${String(pos)}`);
}

/** The index of the `>` ending the start tag at `start`, skipping quoted attribute values. */
function findTagEnd(source: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '<') return -1;
    else if (c === '>') return i;
  }
  return -1;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

const predefined: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

function decodeEntities(raw: string, fail: (what: string) => never): string {
  return raw.replace(/&([^;&\s]{1,10});|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) return fail('a bare &');
    if (ref in predefined) return predefined[ref] ?? '';
    const code = /^#x[0-9a-f]{1,6}$/i.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#\d{1,7}$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : NaN;
    if (!Number.isInteger(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return fail(`unknown entity ${whole}`);
    }
    return String.fromCodePoint(code);
  });
}

/** The first child named `name`, or undefined. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** Every child named `name`, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The text of the first child named `name`, or undefined when there is none. */
export function childText(element: XmlElement, name: string): string | undefined {
  return child(element, name)?.text;
}
