/**
 * The canonical model checksum: re-serialising the same model (entities, attribute and
 * namespace-declaration order, prefixes, indentation, comments) is not a change; a changed
 * label, condition or shape position is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { SHIPPED_MODEL } from '../../src/http/potok-server.ts';
import { modelChecksum } from '../../src/runtime/model-checksum.ts';

const model = (opts: { label?: string; condition?: string } = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://potok.example/bpmn">
  <bpmn:process id="p" name="${opts.label ?? 'Сделка &quot;Старт&quot;'}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${opts.condition ?? '=amount &gt; 5 and  name = &quot;x&quot;'}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('the canonical model checksum', () => {
  it('given the same model with &#34; for &quot;, reordered attributes and namespaces, another prefix, other indentation and a comment, then the checksum is the same', () => {
    const same = `<?xml version='1.0'?>
<!-- saved by another tool -->
<b:definitions targetNamespace="http://potok.example/bpmn" id="defs" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:b="http://www.omg.org/spec/BPMN/20100524/MODEL"><b:process isExecutable="true" name="Сделка &#34;Старт&#34;" id="p"><b:startEvent id="start"></b:startEvent>
<b:sequenceFlow targetRef="end" sourceRef="start" id="f1"><b:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="b:tFormalExpression"><![CDATA[=amount > 5]]> and  name = &#x22;x&#34;</b:conditionExpression></b:sequenceFlow>
        <b:endEvent id="end"/></b:process></b:definitions>`;
    expect(modelChecksum(same)).toBe(modelChecksum(model()));
  });

  it('given a changed label or condition (also only its whitespace), then the checksum differs', () => {
    const base = modelChecksum(model());
    expect(modelChecksum(model({ label: 'Сделка &quot;Финиш&quot;' }))).not.toBe(base);
    expect(modelChecksum(model({ condition: '=amount &gt; 6 and  name = &quot;x&quot;' }))).not.toBe(base);
    expect(modelChecksum(model({ condition: '=amount &gt; 5 and name = &quot;x&quot;' })), 'text content is kept exactly').not.toBe(base);
    expect(modelChecksum(model({ label: 'Сделка &amp;quot;Старт&amp;quot;' })), 'an escaped entity is not the character').not.toBe(base);
  });

  it('given the shipped model re-serialised by bpmn-moddle (what the editor does), then the checksum is the same; a moved shape is a change', async () => {
    const shipped = readFileSync(SHIPPED_MODEL, 'utf8');
    const moddle = new BpmnModdle({ zeebe } as any);
    const { rootElement } = await moddle.fromXML(shipped, 'bpmn:Definitions');
    const { xml } = (await (moddle as any).toXML(rootElement, { format: true })) as { xml: string };
    expect(xml).not.toBe(shipped);
    expect(modelChecksum(xml)).toBe(modelChecksum(shipped));
    const bounds = /(<dc:Bounds x=")(\d+)/.exec(shipped)!;
    const moved = shipped.replace(bounds[0], `${bounds[1]}${Number(bounds[2]) + 10}`);
    expect(modelChecksum(moved)).not.toBe(modelChecksum(shipped));
  });

  it('given a model saved by bpmn-js in a browser without a change (DI shapes reordered, isMarkerVisible added, &#34;), then the checksum is the same', () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/bpmn-js-resave/${name}`, import.meta.url), 'utf8');
    const original = fixture('original.bpmn');
    const saved = fixture('saved-by-bpmn-js.bpmn');
    expect(saved).not.toBe(original);
    expect(modelChecksum(saved)).toBe(modelChecksum(original));
    expect(modelChecksum(saved.replace('isMarkerVisible="true"', 'isMarkerVisible="false"')), 'a hidden marker is a change').not.toBe(modelChecksum(original));
  });

  it('given XML that is not well-formed, then the checksum is of the raw text (deploying refuses it anyway)', () => {
    expect(modelChecksum('<a><b></a>')).toMatch(/^[0-9a-f]{64}$/);
    expect(modelChecksum('<a><b></a>')).not.toBe(modelChecksum('<a><b></a> '));
  });
});
