import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, get, onUnauthenticated, setCsrf, type SessionInfo } from './api.ts';

interface SessionState {
  session: SessionInfo | null;
  refresh: () => Promise<void>;
  accept: (s: SessionInfo) => void;
  logout: () => Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const accept = useCallback((s: SessionInfo) => {
    setCsrf(s.csrfToken);
    setSession(s);
  }, []);
  const refresh = useCallback(async () => {
    try {
      accept(await get<SessionInfo>('/api/session'));
    } catch {
      accept({ authenticated: false, demo: false, setupNeeded: false, csrfToken: null, user: null });
    }
  }, [accept]);
  const logout = useCallback(async () => {
    await api('DELETE', '/api/session').catch(() => {});
    await refresh();
  }, [refresh]);
  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => void refresh());
  }, [refresh]);
  return <Ctx.Provider value={{ session, refresh, accept, logout }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('SessionProvider missing');
  return s;
}

export function useUser() {
  return useSession().session?.user ?? null;
}
