/**
 * The job handlers every Potok process that runs jobs registers (`potok serve` and
 * `potok worker` alike), so that a job of the shipped model runs whichever process claims
 * it. The connectors' handlers (mail, 1C) are added here by their authors; extra modules
 * can be loaded with `potok worker --handlers MODULE` (tests, custom connectors).
 */
import { defaultJobHandlers, type JobHandlerRegistry } from './job-handler.ts';

export type HandlerModule = { register?: (registry: JobHandlerRegistry) => void | Promise<void> };

export async function registerBuiltinJobHandlers(registry: JobHandlerRegistry): Promise<void> {
  // Handlers registered process-wide with registerJobHandler(…) run in this process too.
  for (const type of defaultJobHandlers.types()) {
    if (registry !== defaultJobHandlers && !registry.get(type)) registry.register(defaultJobHandlers.get(type)!);
  }
}

/** Loads a handler module: calls its `register(registry)` if it has one (or relies on its side effects). */
export async function loadHandlerModule(specifier: string, registry: JobHandlerRegistry): Promise<void> {
  const mod = (await import(specifier)) as HandlerModule;
  if (typeof mod.register === 'function') await mod.register(registry);
}
