/**
 * The deal's process diagram (bpmn-js NavigatedViewer, loaded only here): the current
 * step marked, the steps done shaded. The bpmn.io watermark stays visible (its licence).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

export default function DealDiagram({ xml, current, done }: { xml: string; current: string[]; done: string[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const viewer = new NavigatedViewer({ container: ref.current! });
    let alive = true;
    void viewer
      .importXML(xml)
      .then(() => {
        if (!alive) return;
        const canvas: any = viewer.get('canvas');
        const registry: any = viewer.get('elementRegistry');
        canvas.zoom('fit-viewport');
        // Steps, not the blocks around them: a shaded sub-process would hide its own steps.
        const step = (id: string) => registry.get(id) && registry.get(id).type !== 'bpmn:SubProcess' && registry.get(id).type !== 'bpmn:Process';
        for (const id of done) if (step(id)) canvas.addMarker(id, 'potok-done');
        for (const id of current) if (step(id)) canvas.addMarker(id, 'potok-current');
        // A whole process fitted into a card is too small to read: zoom in on where the deal is.
        const focus = [...current].reverse().find(step) ?? [...done].reverse().find(step);
        if (focus && canvas.zoom() < 0.7) {
          canvas.zoom(0.8);
          canvas.scrollToElement(registry.get(focus));
        }
      })
      .catch((e: Error) => alive && setError(e.message));
    return () => {
      alive = false;
      viewer.destroy();
    };
  }, [xml, current, done]);
  return (
    <div className="diagram-wrap">
      {error && <p className="error">{t('diagram.unavailable')}: {error}</p>}
      <div ref={ref} className="diagram" role="img" aria-label={t('deal.diagram')} />
    </div>
  );
}
