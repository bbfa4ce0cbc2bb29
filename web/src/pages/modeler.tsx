/**
 * An admin's model editor: bpmn-js Modeler with the Zeebe properties panel (loaded only
 * on this page). Deploying asks for confirmation (the version it becomes, new deals start
 * on it), then sends the XML to the API; a refusal lists every problem, and an unchanged
 * model (compared by canonical form on the server) says that no version was created.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import { get } from '../api.ts';
import { deployXml, ProblemList, type Model, type Problem } from './admin.tsx';
import { modelerTranslateModule } from '../diagram/modeler-translate.ts';

export default function ModelerPage() {
  const { key } = useParams();
  const { t } = useTranslation();
  const canvas = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const modeler = useRef<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  // «Франшиза: от сделки до 1С · v2» rather than the key franchise_onboarding:2.
  const models = useQuery({ queryKey: ['models'], queryFn: () => get<{ items: Model[] }>('/api/admin/models') });
  const current = models.data?.items.find((m) => m.definitionKey === key);
  const title = current ? { name: current.name ?? current.processId, version: current.version } : null;
  useEffect(() => {
    const m = new Modeler({
      container: canvas.current!,
      propertiesPanel: { parent: panel.current! },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, modelerTranslateModule],
      moddleExtensions: { zeebe: zeebeModdle },
    } as any);
    modeler.current = m;
    void get<{ xml: string }>(`/api/admin/models/${encodeURIComponent(key!)}/xml`)
      .then((r) => m.importXML(r.xml))
      // A phone: the whole process fitted into 390 px is a thin strip; start readable at the left instead.
      .then(() => {
        const c = m.get('canvas') as any;
        if ((canvas.current?.clientWidth ?? 1000) < 600) {
          c.zoom(0.6);
          const box = c.viewbox();
          c.viewbox({ ...box, x: box.inner.x - 180, y: box.inner.y - 20 }); // the palette takes the left edge
        } else c.zoom('fit-viewport');
      })
      .catch((e: Error) => setError(e.message));
    return () => m.destroy();
  }, [key]);
  const deploy = async () => {
    setProblems([]);
    setNote(null);
    setError(null);
    // Ask first: which version it becomes, and that new deals start on it.
    const processId = key!.slice(0, key!.lastIndexOf(':') > 0 ? key!.lastIndexOf(':') : undefined);
    let versions: Model[];
    try {
      versions = (await get<{ items: Model[] }>('/api/admin/models')).items.filter((m) => m.processId === processId);
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    const next = Math.max(0, ...versions.map((m) => m.version)) + 1;
    const name = versions.find((m) => m.definitionKey === key)?.name ?? processId;
    if (!window.confirm(t('admin.deployConfirm', { name, version: next }))) return;
    const { xml } = await modeler.current.saveXML({ format: true });
    const r = await deployXml(xml);
    if (!r.ok) setProblems(r.problems);
    else if (r.unchanged) setNote(t('admin.deployUnchanged', { versions: r.items.map((x) => `${x.processId} v${x.version}${x.isDefault ? ` (${t('admin.nowDefault')})` : ''}`).join(', ') }));
    else {
      setNote(`${t('admin.deployed')}: ${r.items.map((x) => `${x.processId} v${x.version}${x.isDefault ? ` (${t('admin.nowDefault')})` : ''}`).join(', ')}`);
      // The editor now shows the version just made (the address and the title follow).
      const made = r.items.find((x) => x.processId === processId);
      await qc.invalidateQueries({ queryKey: ['models'] });
      if (made) navigate(`/admin/models/${encodeURIComponent(`${made.processId}:${made.version}`)}`, { replace: true });
    }
  };
  const download = async () => {
    const { xml } = await modeler.current.saveXML({ format: true });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    a.download = `${key}.bpmn`;
    a.click();
  };
  return (
    <section className="modeler-page">
      <p><Link to="/admin">← {t('admin.title')}</Link></p>
      <div className="row">
        <h1>{title ? `${title.name} · ${t('admin.versionN', { version: title.version })}` : key}</h1>
        <span className="spacer" />
        <button type="button" onClick={() => void download()}>.bpmn</button>
        <button type="button" className="primary" onClick={() => void deploy()}>{t('admin.deploy')}</button>
      </div>
      {error && <p className="error">{error}</p>}
      {note && <p className="ok" role="status">{note}</p>}
      <ProblemList problems={problems} />
      <div className="modeler">
        <div ref={canvas} className="modeler-canvas" />
        <div ref={panel} className="modeler-panel" />
      </div>
    </section>
  );
}
