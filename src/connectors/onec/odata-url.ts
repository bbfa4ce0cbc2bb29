/**
 * URLs for 1C's standard OData interface (OData v3 dialect). Entity sets and fields have
 * Cyrillic names, so everything goes through percent-encoding of UTF-8; string literals
 * in `$filter` double their single quotes (OData's rule), and ИНН/КПП/БИК are strings,
 * so leading zeros stay. Spaces are encoded as %20, never `+` (which OData reads literally).
 */

/** A string literal for `$filter`: `'O''Brien'`. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A GUID literal: `guid'…'`. */
export function odataGuid(value: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(value)) throw new RangeError(`not a GUID: ${value}`);
  return `guid'${value}'`;
}

/** `Field eq 'v' and Other eq false` from a list of [field, literal] pairs. */
export function odataAndEq(conditions: readonly (readonly [string, string])[]): string {
  return conditions.map(([field, literal]) => `${field} eq ${literal}`).join(' and ');
}

export interface ODataQuery {
  readonly filter?: string;
  readonly top?: number;
  readonly select?: readonly string[];
}

/** `<root><EntitySet>?$format=json&$filter=…`, every part percent-encoded. */
export function entitySetUrl(root: string, entitySet: string, query: ODataQuery = {}): string {
  const params: string[] = ['$format=json'];
  if (query.filter !== undefined) params.push(`$filter=${encodeQueryValue(query.filter)}`);
  if (query.top !== undefined) params.push(`$top=${query.top}`);
  if (query.select !== undefined) params.push(`$select=${query.select.map(encodeQueryValue).join(',')}`);
  return `${root}${encodeURIComponent(entitySet)}?${params.join('&')}`;
}

/** `<root><EntitySet>(guid'…')?$format=json` */
export function entityUrl(root: string, entitySet: string, refKey: string): string {
  // Parentheses and quotes stay literal in the path: that is how OData addresses an entity.
  return `${root}${encodeURIComponent(entitySet)}(${odataGuid(refKey)})?$format=json`;
}

/**
 * encodeURIComponent leaves ' ( ) * ! ~ alone; quotes are legal in a query but some
 * proxies mangle them, so they are encoded too. 1C decodes all of them.
 */
export function encodeQueryValue(v: string): string {
  return encodeURIComponent(v).replace(/['()*!~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
