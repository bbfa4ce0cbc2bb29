/**
 * The checksum that decides whether a deployed model changed: a SHA-256 of a canonical
 * form of the XML, so that re-serialising the same model (the bpmn-js editor writes
 * `&#34;` for `&quot;`, reorders attributes and namespace declarations, re-indents)
 * is not a change.
 *
 * The canonical form:
 *   - element and attribute names resolved to `{namespace-uri}local` (the prefix a tool
 *     picks does not matter), namespace declarations themselves dropped;
 *   - attributes sorted by resolved name, values with entities decoded (the prefix in an
 *     xsi:type value resolved too);
 *   - comments, processing instructions and the XML declaration dropped;
 *   - the shapes and edges of a diagram plane sorted (their order means nothing, and
 *     bpmn-js writes them in another order than it read them); a shape's
 *     isMarkerVisible="true" dropped (bpmn-js adds it to every exclusive gateway);
 *   - whitespace-only text between elements dropped (an element with child elements);
 *     any other text (FEEL bodies, documentation, conditions) kept exactly, CDATA read
 *     as its text.
 * Everything else counts: a changed label, condition, property or diagram coordinate
 * (moving a shape in the editor is an admin's deliberate change) makes another checksum.
 * A model that is not well-formed falls back to the checksum of its raw text.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

/** Bumped when the canonical form changes; stored checksums are recomputed from the stored XML. */
const FORM = 'potok-bpmn-c14n/1';

const TEXT = '#text';
const ATTRS = ':@';
const CDATA = '#cdata';
const DI_PLANE = '{http://www.omg.org/spec/BPMN/20100524/DI}BPMNPlane';
const DI_SHAPE = '{http://www.omg.org/spec/BPMN/20100524/DI}BPMNShape';
const XSI_TYPE = '{http://www.w3.org/2001/XMLSchema-instance}type';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded here, in one pass (the parser's own decoding is not reversible).
  processEntities: false,
  htmlEntities: false,
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
});

type Node = Record<string, unknown>;

/** The canonical serialisation of a BPMN XML document (see the module comment). */
export function canonicalModel(xml: string): string {
  const nodes = parser.parse(xml, true) as Node[];
  const out: string[] = [FORM, '\n'];
  for (const node of nodes) write(node, new Map(), out);
  return out.join('');
}

/** The checksum a deployed model is compared by. */
export function modelChecksum(xml: string): string {
  let form: string;
  try {
    form = canonicalModel(xml);
  } catch {
    form = `raw\n${xml}`;
  }
  return createHash('sha256').update(form, 'utf8').digest('hex');
}

function write(node: Node, inherited: Map<string, string>, out: string[]): void {
  const name = Object.keys(node).find((k) => k !== ATTRS);
  if (name === undefined) return;
  // Text outside the root element (whitespace), declarations and processing instructions.
  if (name === TEXT || name === CDATA || name.startsWith('?') || name.startsWith('!')) return;
  const attrs = (node[ATTRS] ?? {}) as Record<string, unknown>;
  const scope = new Map(inherited);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'xmlns') scope.set('', decode(String(v)));
    else if (k.startsWith('xmlns:')) scope.set(k.slice(6), decode(String(v)));
  }
  const resolved: [string, string][] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    // Unprefixed attributes are in no namespace (not the default one).
    const attr = k.includes(':') ? resolve(k, scope) : k;
    const value = decode(String(v ?? ''));
    // xsi:type names a type by a prefixed name: the prefix is resolved like an element's.
    resolved.push([attr, attr === XSI_TYPE && value.includes(':') ? resolve(value, scope) : value]);
  }
  const qname = resolve(name, scope);
  // bpmn-js sets isMarkerVisible="true" on every exclusive gateway's shape it imports
  // (it draws the marker when the attribute is missing): missing and "true" are the same.
  if (qname === DI_SHAPE) {
    const i = resolved.findIndex(([k, v]) => k === 'isMarkerVisible' && v === 'true');
    if (i >= 0) resolved.splice(i, 1);
  }
  resolved.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.push('E', JSON.stringify(qname), JSON.stringify(resolved), '\n');
  const children = (node[name] ?? []) as Node[];
  const hasElements = children.some((c) => !(TEXT in c) && !(CDATA in c));
  // Adjacent text pieces (text and CDATA) are one text.
  let text: string | null = null;
  const flush = () => {
    if (text !== null && !(hasElements && text.trim() === '')) out.push('T', JSON.stringify(text), '\n');
    text = null;
  };
  if (qname === DI_PLANE) {
    // The order of shapes and edges in a diagram plane means nothing (bpmn-js writes a
    // boundary event's shape after its host's): sorted by their canonical form.
    const parts = children.filter((c) => !(TEXT in c) && !(CDATA in c)).map((c) => {
      const part: string[] = [];
      write(c, scope, part);
      return part.join('');
    });
    out.push(...parts.sort(), '/\n');
    return;
  }
  for (const child of children) {
    if (TEXT in child) {
      text = (text ?? '') + decode(String(child[TEXT]));
      continue;
    }
    if (CDATA in child) {
      text = (text ?? '') + ((child[CDATA] ?? []) as Node[]).map((c) => String(c[TEXT] ?? '')).join('');
      continue;
    }
    flush();
    write(child, scope, out);
  }
  flush();
  out.push('/\n');
}

function resolve(qname: string, scope: Map<string, string>): string {
  const i = qname.indexOf(':');
  const prefix = i < 0 ? '' : qname.slice(0, i);
  const local = i < 0 ? qname : qname.slice(i + 1);
  const uri = scope.get(prefix);
  return uri === undefined ? (i < 0 ? local : qname) : `{${uri}}${local}`;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five XML entities and numeric character references, decoded in one pass. */
function decode(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, ref: string) => {
    if (!ref.startsWith('#')) return NAMED[ref] ?? m;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
