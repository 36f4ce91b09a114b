import {
  Component,
  lazy,
  Suspense,
  useEffect,
  useRef,
  useState,
  type ErrorInfo,
  type ReactNode,
} from 'react';
import { Icon, type IconName } from '../components/icons.js';
import { Button, Dialog, ErrorBanner, Kbd, Spinner } from '../components/ui.js';
import { formatRoute, type Route } from '../lib/route.js';
import { useTheme, useToast, useWorkspace } from './context.js';
import { isTyping, markAppReady, navigate, useKeydown, useRoute } from './hooks.js';
import { CommandPalette } from './CommandPalette.js';
import { StartScreen } from '../screens/StartScreen.js';
import { ImportScreen } from '../screens/ImportScreen.js';
import { SourcesScreen } from '../screens/SourcesScreen.js';
import { CisScreen } from '../screens/CisScreen.js';
import { CiDetailScreen } from '../screens/CiDetailScreen.js';
import { FindingsScreen } from '../screens/FindingsScreen.js';
import { ChangesetsScreen } from '../screens/ChangesetsScreen.js';
import { ChangesetReviewScreen } from '../screens/ChangesetReviewScreen.js';
import { QualityScreen } from '../screens/QualityScreen.js';
import { AuditScreen } from '../screens/AuditScreen.js';

// Cytoscape and its layouts load only when the graph is opened.
const GraphScreen = lazy(() => import('../screens/GraphScreen.js').then((m) => ({ default: m.GraphScreen })));

interface NavItem {
  route: Route;
  label: string;
  icon: IconName;
  key: string;
  needsWorkspace: boolean;
  testid: string;
}

const NAV: NavItem[] = [
  {
    route: { name: 'start' },
    label: 'Start',
    icon: 'home',
    key: 'h',
    needsWorkspace: false,
    testid: 'nav-start',
  },
  {
    route: { name: 'import' },
    label: 'Import',
    icon: 'import',
    key: 'i',
    needsWorkspace: true,
    testid: 'nav-import',
  },
  {
    route: { name: 'sources' },
    label: 'Sources',
    icon: 'sources',
    key: 's',
    needsWorkspace: true,
    testid: 'nav-sources',
  },
  { route: { name: 'cis' }, label: 'CIs', icon: 'grid', key: 'c', needsWorkspace: true, testid: 'nav-cis' },
  {
    route: { name: 'findings', category: null, severity: null },
    label: 'Findings',
    icon: 'findings',
    key: 'f',
    needsWorkspace: true,
    testid: 'nav-findings',
  },
  {
    route: { name: 'changesets' },
    label: 'Changesets',
    icon: 'changeset',
    key: 'x',
    needsWorkspace: true,
    testid: 'nav-changesets',
  },
  {
    route: { name: 'graph', id: null },
    label: 'Graph',
    icon: 'graph',
    key: 'g',
    needsWorkspace: true,
    testid: 'nav-graph',
  },
  {
    route: { name: 'quality' },
    label: 'Quality',
    icon: 'quality',
    key: 'q',
    needsWorkspace: true,
    testid: 'nav-quality',
  },
  {
    route: { name: 'audit' },
    label: 'Audit log',
    icon: 'audit',
    key: 'a',
    needsWorkspace: true,
    testid: 'nav-audit',
  },
];

function navActive(item: NavItem, route: Route): boolean {
  const n = item.route.name;
  if (n === 'cis') return route.name === 'cis' || route.name === 'ci';
  if (n === 'changesets') return route.name === 'changesets' || route.name === 'changeset';
  return route.name === n;
}

class ErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { error: Error | null; key: string }
> {
  override state = { error: null as Error | null, key: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    // Shown on screen; also kept in the console for bug reports.
    console.warn('screen crashed', error, info.componentStack);
  }
  override render() {
    if (this.state.error)
      return (
        <div className="screen">
          <div className="screen-body">
            <ErrorBanner
              title="This screen failed to render"
              error={this.state.error.message}
              onRetry={() => this.setState({ error: null })}
            />
          </div>
        </div>
      );
    return this.props.children;
  }
}

function RouteView({ route }: { route: Route }) {
  const { workspace, changesets } = useWorkspace();
  if (!workspace && route.name !== 'start' && route.name !== 'not-found') return <StartScreen />;
  switch (route.name) {
    case 'start':
      return <StartScreen />;
    case 'import':
      return <ImportScreen />;
    case 'sources':
      return <SourcesScreen />;
    case 'cis':
      return <CisScreen />;
    case 'ci':
      return <CiDetailScreen id={route.id} tab={route.tab} />;
    case 'findings':
      return <FindingsScreen category={route.category} severity={route.severity} />;
    case 'changesets':
      return <ChangesetsScreen available={changesets} />;
    case 'changeset':
      return <ChangesetReviewScreen id={route.id} available={changesets} />;
    case 'graph':
      return (
        <Suspense
          fallback={
            <div className="screen-loading">
              <Spinner label="Loading the graph view" />
            </div>
          }
        >
          <GraphScreen id={route.id} hops={route.hops ?? null} max={route.max ?? null} />
        </Suspense>
      );
    case 'quality':
      return <QualityScreen />;
    case 'audit':
      return <AuditScreen />;
    default:
      return (
        <section className="screen" data-testid="screen-not-found" data-state="ready">
          <div className="screen-body">
            <ErrorBanner title="Nothing here" error={`There is no page at “${route.path}”.`} />
            <Button onClick={() => navigate({ name: 'start' })}>Go to Start</Button>
          </div>
        </section>
      );
  }
}

const SHORTCUTS: [string, string][] = [
  ['Ctrl K', 'Command palette: go to a screen or a CI by id'],
  [
    'G then H/I/S/C/F/X/G/Q/A',
    'Go to Start, Import, Sources, CIs, Findings, Changesets, Graph, Quality, Audit',
  ],
  ['Alt 1 … 9', 'Go to the n-th screen in the sidebar'],
  ['/', 'Focus the search box of the current screen'],
  ['↑ ↓ ← →', 'Move between grid cells'],
  ['Enter', 'Open the focused row'],
  ['Space', 'Select the focused row (Findings, Changeset items)'],
  ['Shift T', 'Switch light / dark theme'],
  ['Esc', 'Close a dialog or menu'],
  ['?', 'This list'],
];

export function App() {
  const route = useRoute();
  const ws = useWorkspace();
  const { theme, toggle } = useTheme();
  const { toasts, dismiss } = useToast();
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const chord = useRef<number>(0);

  const nav = NAV.filter((n) => n.route.name !== 'changesets' || ws.changesets !== false);

  useEffect(() => {
    // The first paint with data: the start screen has its lists, other screens mark themselves.
    if (ws.info || ws.error) markAppReady();
  }, [ws.info, ws.error]);

  useKeydown((e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      setPalette((p) => !p);
      return;
    }
    if (e.altKey && /^[1-9]$/.test(e.key)) {
      const item = nav[Number(e.key) - 1];
      if (item && (!item.needsWorkspace || ws.workspace)) {
        e.preventDefault();
        navigate(item.route);
      }
      return;
    }
    if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === '?') {
      setHelp(true);
      return;
    }
    if (e.key === 'T' && e.shiftKey) {
      toggle();
      return;
    }
    if (e.key === '/') {
      const box = document.querySelector<HTMLInputElement>('[data-search]');
      if (box) {
        e.preventDefault();
        box.focus();
        box.select();
      }
      return;
    }
    const now = Date.now();
    if (e.key === 'g' && now - chord.current > 1200) {
      chord.current = now;
      return;
    }
    if (now - chord.current <= 1200) {
      chord.current = 0;
      const item = nav.find((n) => n.key === e.key.toLowerCase());
      if (item && (!item.needsWorkspace || ws.workspace)) navigate(item.route);
    }
  });

  const running = ws.jobs[0];
  return (
    <div className="app" data-testid="app">
      <aside className="sidebar" aria-label="Main navigation">
        <div className="brand" title="CMDB Workbench">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="shield" size={18} />
          </span>
          <span className="brand-name">CMDB Workbench</span>
        </div>
        <nav>
          <ul>
            {nav.map((item, i) => {
              const disabled = item.needsWorkspace && !ws.workspace;
              const active = navActive(item, route);
              return (
                <li key={item.testid}>
                  <a
                    href={disabled ? undefined : formatRoute(item.route)}
                    className={`nav-item${active ? ' active' : ''}${disabled ? ' disabled' : ''}`}
                    aria-current={active ? 'page' : undefined}
                    aria-disabled={disabled || undefined}
                    data-testid={item.testid}
                    title={
                      disabled
                        ? 'Open a workspace first'
                        : `${item.label} (G then ${item.key.toUpperCase()}, Alt+${i + 1})`
                    }
                  >
                    <Icon name={item.icon} />
                    <span>{item.label}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <button
            type="button"
            className="nav-item"
            onClick={() => setHelp(true)}
            data-testid="shortcuts-button"
          >
            <Icon name="keyboard" />
            <span>Shortcuts</span>
            <Kbd>?</Kbd>
          </button>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar-ws" data-testid="topbar-workspace">
            {ws.workspace ? (
              <>
                <Icon name="file" />
                <span className="ws-name" title={ws.workspace.path}>
                  {ws.workspace.name}
                </span>
                {ws.workspace.sample ? <span className="badge tone-accent">sample</span> : null}
              </>
            ) : (
              <span className="muted">No workspace open</span>
            )}
          </div>
          <button
            type="button"
            className="topbar-search"
            onClick={() => setPalette(true)}
            data-testid="open-palette"
          >
            <Icon name="search" />
            <span>Go to screen or CI…</span>
            <Kbd>Ctrl K</Kbd>
          </button>
          <div className="topbar-right">
            {running ? (
              <div className="job-chip" data-testid="job-chip" title={running.detail}>
                <Spinner label="Job running" />
                <span>
                  {running.kind === 'import' ? 'Importing' : 'Reconciling'}{' '}
                  {Math.round(running.progress * 100)}%
                </span>
              </div>
            ) : null}
            {ws.workspace ? (
              <span className="user-chip" title="Recorded in the audit log as">
                <Icon name="user" />
                {ws.workspace.user}
              </span>
            ) : null}
            <button
              type="button"
              className="icon-btn"
              onClick={toggle}
              aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
              title="Switch theme (Shift+T)"
              data-testid="theme-toggle"
            >
              <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
            </button>
          </div>
        </header>
        {ws.error && !ws.info ? (
          <div className="screen">
            <div className="screen-body">
              <ErrorBanner
                title="Cannot reach the workbench core"
                error={ws.error}
                onRetry={() => void ws.refresh()}
              />
            </div>
          </div>
        ) : !ws.info ? (
          <div className="screen-loading">
            <Spinner />
          </div>
        ) : (
          <main className="content" id="content">
            <ErrorBoundary resetKey={formatRoute(route)}>
              <RouteView route={route} />
            </ErrorBoundary>
          </main>
        )}
      </div>
      {palette ? <CommandPalette onClose={() => setPalette(false)} nav={nav} /> : null}
      {help ? (
        <Dialog title="Keyboard shortcuts" onClose={() => setHelp(false)} testid="shortcuts-dialog">
          <table className="shortcuts">
            <tbody>
              {SHORTCUTS.map(([k, d]) => (
                <tr key={k}>
                  <td>
                    <Kbd>{k}</Kbd>
                  </td>
                  <td>{d}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog>
      ) : null}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast toast-${t.kind}`}
            role={t.kind === 'error' ? 'alert' : 'status'}
            data-testid={`toast-${t.kind}`}
          >
            <Icon name={t.kind === 'error' ? 'warning' : t.kind === 'success' ? 'check' : 'info'} />
            <div className="toast-text">
              <strong>{t.title}</strong>
              {t.detail ? <span>{t.detail}</span> : null}
            </div>
            <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              <Icon name="close" size={14} />
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
