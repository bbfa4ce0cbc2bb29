import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../src/connectors/storage/file-store.ts';

describe('safeFileName', () => {
  it('given a path, control characters or leading dots, then only a plain name is left', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\Устав.pdf')).toBe('Устав.pdf');
    expect(safeFileName('..\u0000a"b<c>.pdf')).toBe('abc.pdf');
    expect(safeFileName('...')).toBe('file');
    expect(safeFileName(undefined)).toBe('file');
  });

  it('given a name longer than 200 characters, then it is shortened to 200 keeping its extension', () => {
    const name = safeFileName(`${'я'.repeat(250)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('я.pdf')).toBe(true);
    expect(safeFileName('x'.repeat(300))).toBe('x'.repeat(200));
  });
});
