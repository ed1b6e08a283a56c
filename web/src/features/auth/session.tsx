/** Who is signed in: /api/auth/me on load (sent at start-up, early.ts); sign-in and sign-out. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { navigate } from '../../app/router.js';
import { api, setCsrfToken } from '../../api/client.js';
import type { ActorDto } from '../../api/types.js';
import { answerOf, earlySession } from '../../app/early.js';

interface SessionValue {
  actor: ActorDto | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  // the check main.tsx sent at start-up (early.ts): its answer, when it is already here, is the first state
  const [start] = useState(earlySession);
  const [actor, setActor] = useState<ActorDto | null>(() => answerOf(start)?.actor ?? null);
  const [loading, setLoading] = useState(() => start.settled === null);
  useEffect(() => {
    if (start.settled) return;
    start.promise
      .then((me) => {
        setCsrfToken(me.csrfToken);
        setActor(me.actor);
      })
      .catch(() => setActor(null))
      .finally(() => setLoading(false));
  }, [start]);
  const value: SessionValue = {
    actor,
    loading,
    async signIn(username, password) {
      const result = await api<{ actor: ActorDto; csrfToken: string }>('/api/auth/login', { method: 'POST', body: { username, password } });
      setCsrfToken(result.csrfToken);
      setActor(result.actor);
    },
    async signOut() {
      await api('/api/auth/logout', { method: 'POST' });
      setActor(null);
      navigate('/');
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
