/**
 * Dry-runs every scenario of test/scenarios through the pure engine, the real calendar
 * and the shipped model, and compares the events with the hand-written expected files
 * (by the rules of test/scenarios/README.md). A mismatch means the model, the engine or
 * the expected file is wrong — each was derived independently.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { CompiledProcess } from '../../src/engine/index.ts';
import { compareEvents, parseEventLines } from '../scenarios/compare-events.ts';
import { compileShipped, dryRun, type DryRunScenario } from './dry-run.driver.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scenarios = path.join(root, 'test/scenarios');
const names = readdirSync(scenarios).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
let process: CompiledProcess;

beforeAll(async () => {
  process = await compileShipped(readFileSync(path.join(root, 'processes/franchise-onboarding.bpmn'), 'utf8'));
});

describe('the shipped model, dry-run through the engine', () => {
  it('is accepted by compileModel', () => {
    expect(process.id).toBe('franchise_onboarding');
  });

  it.each(names)('given scenario %s, when run, then the events are exactly the expected ones', (name) => {
    const scenario = JSON.parse(readFileSync(path.join(scenarios, `${name}.json`), 'utf8')) as DryRunScenario;
    const expected = parseEventLines(readFileSync(path.join(scenarios, `${name}.expected.jsonl`), 'utf8'));
    const actual = dryRun(process, scenario);
    const mismatch = compareEvents(expected, actual);
    expect(mismatch, JSON.stringify(actual.slice(0, (mismatch?.line ?? 0) + 2), null, 0)).toBeNull();
  });
});
