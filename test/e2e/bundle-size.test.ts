/**
 * The task inbox stays light on a phone: its JavaScript (with a task's form) is under
 * 300 KB gzipped, and bpmn-js / the modeler / recharts are not part of it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, ROOT } from './support/potok-process.ts';

describe('the built web UI', () => {
  beforeAll(() => buildWeb(), 240_000);

  it('given the production build, when the inbox and a task form load, then their JavaScript is under 300 KB gzipped', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-web-size.js')], { encoding: 'utf8' });
    const sizes = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(sizes.inboxWithTaskFormKbGzip).toBeGreaterThan(0);
    expect(sizes.inboxWithTaskFormKbGzip).toBeLessThan(300);
  });

  it('given the production build, when the inbox loads, then neither bpmn-js nor recharts is among its chunks', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'web/dist/.vite/manifest.json'), 'utf8'));
    const seen = new Set<string>();
    const walk = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const i of manifest[key]?.imports ?? []) walk(i);
    };
    walk('index.html');
    walk('src/pages/task.tsx');
    const sources = [...seen].join(' ');
    expect(sources).not.toMatch(/bpmn-js|recharts|properties-panel/);
    // By content too: bpmn-js's watermark class and recharts' wrapper class are not in the inbox's code.
    const code = [...seen].map((k) => manifest[k].file).filter((f: string) => f.endsWith('.js')).map((f: string) => readFileSync(path.join(ROOT, 'web/dist', f), 'utf8')).join('\n');
    expect(code).toContain('/api/tasks/mine');
    expect(code).not.toContain('bjs-powered-by');
    expect(code).not.toContain('recharts-wrapper');
    expect(manifest['src/pages/modeler.tsx']?.isDynamicEntry).toBe(true);
    expect(manifest['src/diagram/deal-diagram.tsx']?.isDynamicEntry).toBe(true);
  });
});
