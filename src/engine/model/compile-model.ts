/**
 * `compileModel(xml)`: parse BPMN XML (Camunda 8 dialect) with bpmn-moddle and the zeebe
 * extensions, refuse anything outside Potok's coverage with every problem listed, and
 * build the immutable graph that `apply` runs.
 */
import { BpmnModdle } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { CompileResult } from '../api.ts';
import type { CompiledProcess } from './model.types.ts';
import { ProblemList, lineFromMessage, lineIndex } from './model-problems.ts';
import { compileProcess } from './compile-process.ts';
import type { ModdleElement } from './moddle-element.ts';

const moddle = new BpmnModdle({ zeebe: zeebeSchema as unknown as Record<string, unknown> });

export interface CompileOptions {
  /**
   * The XML is a definition deployed earlier (the runtime loading it for its instances):
   * skip the checks that concern evaluation only (FEEL: unknown functions, wrong arguments,
   * operators in a row; the values of Potok's properties), which may be newer than the
   * definition, so that its running instances are not locked out; such an expression still
   * ends in an incident when it is reached. Everything the graph needs is checked as at
   * deployment.
   */
  readonly stored?: boolean;
}

export async function compileModel(xml: string, options: CompileOptions = {}): Promise<CompileResult<CompiledProcess>> {
  const problems = new ProblemList(lineIndex(xml), options.stored !== true);
  if (xml.trim() === '') {
    problems.add('EMPTY_FILE', null, 'the file is empty: expected BPMN 2.0 XML');
    return { ok: false, problems: problems.problems };
  }
  let parsed: { rootElement: ModdleElement; warnings: { message: string; element?: ModdleElement; property?: string; value?: string; error?: Error }[] };
  try {
    parsed = (await moddle.fromXML(xml, 'bpmn:Definitions')) as unknown as typeof parsed;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/failed to parse document as <bpmn:Definitions>/.test(message)) {
      problems.add('NOT_BPMN', null, 'the document is not BPMN 2.0: its root element must be bpmn:definitions');
    } else {
      problems.add('XML_MALFORMED', null, `malformed XML: ${firstLine(message)}${nestedError(message)}`, lineFromMessage(message));
    }
    return { ok: false, problems: problems.problems };
  }

  for (const warning of parsed.warnings) reportWarning(problems, warning);

  const processes: ModdleElement[] = (parsed.rootElement.rootElements ?? []).filter((e: ModdleElement) => e.$type === 'bpmn:Process');
  const executable: ModdleElement[] = processes.filter((p: ModdleElement) => p.isExecutable === true);
  if (executable.length === 0) {
    problems.add('NO_EXECUTABLE_PROCESS', null, processes.length === 0
      ? 'the model contains no process'
      : `no process is executable: set isExecutable="true" on one of ${processes.map((p: ModdleElement) => p.id).join(', ')}`);
  }
  const compiled = executable.map((p: ModdleElement): CompiledProcess | null => compileProcess(p, problems));
  if (!problems.empty) return { ok: false, problems: problems.problems };
  return { ok: true, processes: compiled.filter((p: CompiledProcess | null): p is CompiledProcess => p !== null) };
}

function reportWarning(problems: ProblemList, warning: { message: string; element?: ModdleElement; property?: string; value?: string; error?: Error }): void {
  const { message, element, property, value } = warning;
  const unresolved = /^unresolved reference <(.*)>/.exec(message);
  if (unresolved && element) {
    if (element.$type === 'bpmn:SequenceFlow' && property === 'bpmn:targetRef') {
      problems.add('MISSING_TARGET', element, `the sequence flow leads to '${value}', which does not exist`);
    } else if (element.$type === 'bpmn:SequenceFlow' && property === 'bpmn:sourceRef') {
      problems.add('MISSING_SOURCE', element, `the sequence flow starts at '${value}', which does not exist`);
    } else {
      problems.add('UNRESOLVED_REFERENCE', element, `${property ?? 'a reference'} points to '${value ?? unresolved[1]}', which does not exist`);
    }
    return;
  }
  const duplicate = /^unparsable content <([^>\s/]+)>[\s\S]*nested error: duplicate ID <([^>]*)>/.exec(message);
  if (duplicate) {
    reportDuplicateId(problems, duplicate[2], duplicate[1], lineFromMessage(message));
    return;
  }
  const unknown = /^unparsable content <([^>\s/]+).*\n[\s\S]*unknown type <([^>]+)>/.exec(message);
  if (unknown) {
    problems.add('UNKNOWN_ELEMENT', { $type: unknown[1] }, `unknown element <${unknown[1]}>: not part of BPMN 2.0 or the zeebe extensions`, lineFromMessage(message));
    return;
  }
  problems.add('PARSER_WARNING', element ?? null, `the XML parser reported: ${message.replace(/\s*\n\s*/g, '; ')}`, lineFromMessage(message));
}

/**
 * Two elements with one id: bpmn-moddle keeps the first and skips the second (with all it
 * contains), so the problem is the id, reported against it with both places to look at.
 */
function reportDuplicateId(problems: ProblemList, id: string, tag: string, line: number | undefined): void {
  const first = problems.lineOf(id);
  const who = first !== undefined && line !== undefined && first !== line ? `the elements on lines ${first} and ${line} both have it` : 'two elements have it';
  problems.add('DUPLICATE_ID', { id, $type: moddleType(tag) },
    `duplicate id "${id}": ${who}; the parser skips the second one (a ${tag}), so give it an id of its own`, line);
}

/** The moddle type of an XML tag: bpmn:sequenceFlow → bpmn:SequenceFlow (as elementType is everywhere else). */
function moddleType(tag: string): string {
  const [prefix, local] = tag.includes(':') ? tag.split(':', 2) : ['', tag];
  const type = `${local.charAt(0).toUpperCase()}${local.slice(1)}`;
  return prefix ? `${prefix}:${type}` : type;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function nestedError(message: string): string {
  const m = /nested error: (.*)/.exec(message);
  return m ? ` (${m[1]})` : '';
}
