import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { formatRoute, parseHash, type Route } from '../lib/route.js';
import { errorCode, errorMessage } from '../api.js';

// ---------- routing ----------

function subscribeHash(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  return parseHash(hash);
}

export function navigate(route: Route | string, opts: { replace?: boolean } = {}): void {
  const hash = typeof route === 'string' ? route : formatRoute(route);
  if (opts.replace) {
    history.replaceState(history.state, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (window.location.hash !== hash) {
    window.location.hash = hash;
  }
}

// ---------- loading data ----------

export interface Loaded<T> {
  data: T | undefined;
  error: { code: string; message: string } | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` whenever `deps` change (and on reload()), keeping the previous data while the next load runs
 * so screens do not flash empty. Late answers from superseded loads are dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Loaded<T>['error']; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [nonce, setNonce] = useState(0);
  const seq = useRef(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    const my = ++seq.current;
    let cancelled = false;
    Promise.resolve()
      .then(() => {
        if (!cancelled) setState((s) => (s.loading ? s : { ...s, loading: true }));
        return loadRef.current();
      })
      .then(
        (data) => {
          if (!cancelled && my === seq.current) setState({ data, error: null, loading: false });
        },
        (e: unknown) => {
          if (!cancelled && my === seq.current)
            setState((s) => ({
              data: s.data,
              error: { code: errorCode(e) ?? 'ERROR', message: errorMessage(e) },
              loading: false,
            }));
        },
      );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

// ---------- keyboard ----------

/** True when a key event comes from a text field, where single-key shortcuts must not fire. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
}

export function useKeydown(handler: (e: KeyboardEvent) => void, active = true): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!active) return;
    const on = (e: KeyboardEvent) => ref.current(e);
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [active]);
}

/** Screen readiness for tests and benchmarks: `data-state` on the screen root, `data-app-state` on <html>. */
export function markAppReady(): void {
  document.documentElement.dataset.appState = 'ready';
}
