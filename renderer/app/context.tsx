/**
 * App-wide state in React context: the typed API client, the theme, the open workspace (and whether the
 * core offers changesets), running jobs, and a data version that bumps on `workspace/changed` so every
 * screen reloads what it shows.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { AppInfo, JobState, WorkspaceInfo } from '../../src/api/contract.js';
import { type Api, errorMessage, isUnknownMethod } from '../api.js';

// ---------- API ----------

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

// ---------- theme ----------

export type ThemeChoice = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

interface ThemeState {
  choice: ThemeChoice;
  theme: Theme;
  setChoice(c: ThemeChoice): void;
  toggle(): void;
}

const ThemeContext = createContext<ThemeState | null>(null);
const THEME_KEY = 'cmdbw.theme';

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    /* storage unavailable */
  }
  return 'system';
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(readChoice);
  const [systemDark, setSystemDark] = useState(
    () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
  );
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const on = (e: MediaQueryListEvent) => setSystemDark(e.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const theme: Theme = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const setChoice = useCallback((c: ThemeChoice) => {
    setChoiceState(c);
    try {
      localStorage.setItem(THEME_KEY, c);
    } catch {
      /* storage unavailable */
    }
  }, []);
  const toggle = useCallback(() => setChoice(theme === 'dark' ? 'light' : 'dark'), [setChoice, theme]);
  const value = useMemo(() => ({ choice, theme, setChoice, toggle }), [choice, theme, setChoice, toggle]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeState {
  const t = useContext(ThemeContext);
  if (!t) throw new Error('useTheme outside ThemeProvider');
  return t;
}

// ---------- toasts ----------

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  title: string;
  detail?: string;
}

interface ToastState {
  toasts: Toast[];
  push(t: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

const ToastContext = createContext<ToastState | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (t: Omit<Toast, 'id'>) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-4), { ...t, id }]);
      if (t.kind !== 'error') window.setTimeout(() => dismiss(id), 6000);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ toasts, push, dismiss }), [toasts, push, dismiss]);
  return <ToastContext.Provider value={value}>{children}</ToastContext.Provider>;
}

export function useToast(): ToastState {
  const t = useContext(ToastContext);
  if (!t) throw new Error('useToast outside ToastProvider');
  return t;
}

// ---------- workspace ----------

interface WorkspaceState {
  info: AppInfo | null;
  workspace: WorkspaceInfo | null;
  /** Null until probed; false when the core answers UNKNOWN_METHOD for changesets. */
  changesets: boolean | null;
  /** Bumps whenever the workspace changed: screens list it in their effect dependencies. */
  version: number;
  jobs: JobState[];
  error: string | null;
  setWorkspace(ws: WorkspaceInfo | null): void;
  refresh(): Promise<void>;
  /** For actions the UI itself performed (saves a round trip when no event arrives). */
  bump(): void;
}

const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [workspace, setWorkspaceState] = useState<WorkspaceInfo | null>(null);
  const [changesets, setChangesets] = useState<boolean | null>(null);
  const [version, setVersion] = useState(0);
  const [jobs, setJobs] = useState<JobState[]>([]);
  const [error, setError] = useState<string | null>(null);

  const probeChangesets = useCallback(async () => {
    try {
      await api.call('changesets/list', {});
      setChangesets(true);
    } catch (e) {
      // Any other error (e.g. no workspace yet) leaves the feature visible: the screen shows the error.
      setChangesets(!isUnknownMethod(e));
    }
  }, [api]);

  const applyInfo = useCallback(
    (r: { info: AppInfo } | { error: string }) => {
      if ('error' in r) {
        setError(r.error);
        return;
      }
      setInfo(r.info);
      setWorkspaceState(r.info.workspace);
      setError(null);
      if (r.info.workspace) void probeChangesets();
    },
    [probeChangesets],
  );

  const refresh = useCallback(
    () =>
      api.call('app/info', {}).then(
        (info) => applyInfo({ info }),
        (e: unknown) => applyInfo({ error: errorMessage(e) }),
      ),
    [api, applyInfo],
  );

  useEffect(() => {
    let live = true;
    api.call('app/info', {}).then(
      (info) => live && applyInfo({ info }),
      (e: unknown) => live && applyInfo({ error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, applyInfo]);

  useEffect(() => {
    const offChanged = api.on('workspace/changed', () => setVersion((v) => v + 1));
    const offJob = api.on('job', (j) => {
      setJobs((list) => {
        const others = list.filter((x) => x.id !== j.id);
        return j.status === 'running' ? [...others, j] : others;
      });
    });
    return () => {
      offChanged();
      offJob();
    };
  }, [api]);

  const setWorkspace = useCallback(
    (ws: WorkspaceInfo | null) => {
      setWorkspaceState(ws);
      setInfo((i) => (i ? { ...i, workspace: ws } : i));
      setVersion((v) => v + 1);
      if (ws) void probeChangesets();
    },
    [probeChangesets],
  );
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  const value = useMemo(
    () => ({ info, workspace, changesets, version, jobs, error, setWorkspace, refresh, bump }),
    [info, workspace, changesets, version, jobs, error, setWorkspace, refresh, bump],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const w = useContext(WorkspaceContext);
  if (!w) throw new Error('useWorkspace outside WorkspaceProvider');
  return w;
}
