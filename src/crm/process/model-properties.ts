/**
 * Reads `zeebe:properties` of an element from whatever compiled model the runtime hands
 * the effect listeners. Kept tolerant on purpose: the CRM only needs a name → value map.
 */
export function elementProperties(model: unknown, elementId: string | null): Record<string, string> {
  if (!model || !elementId) return {};
  const m = model as any;
  const candidates = [
    m.elements instanceof Map ? m.elements.get(elementId) : m.elements?.[elementId],
    m.elementsById instanceof Map ? m.elementsById.get(elementId) : m.elementsById?.[elementId],
    typeof m.element === 'function' ? m.element(elementId) : undefined,
    typeof m.getElement === 'function' ? m.getElement(elementId) : undefined,
    m.process ? undefined : undefined,
  ];
  for (const el of candidates) {
    if (el && typeof el === 'object' && el.properties && typeof el.properties === 'object') return { ...el.properties };
  }
  if (m.process) return elementProperties(m.process, elementId);
  return {};
}

/** The outcome of an ended instance from its end event (properties `outcome`, `reason`), with id-based fallbacks. */
export function endOutcome(model: unknown, endEventId: string | null): { outcome: 'won' | 'lost' | null; reason: string | null } {
  const p = elementProperties(model, endEventId);
  const outcome = p.outcome === 'won' || p.outcome === 'lost' ? p.outcome : null;
  if (outcome) return { outcome, reason: p.reason ?? null };
  const id = (endEventId ?? '').toLowerCase();
  if (id.includes('won') || id.includes('success')) return { outcome: 'won', reason: null };
  if (id.includes('ban')) return { outcome: 'lost', reason: 'banned' };
  if (id.includes('declin') || id.includes('lost') || id.includes('negative')) return { outcome: 'lost', reason: 'declined' };
  return { outcome: null, reason: null };
}
