/** Small building blocks shared by the screens. Class names map to renderer/styles/app.css. */
import { useEffect, useId, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Icon, type IconName } from './icons.js';
import { humanize } from '../lib/format.js';

export function Button({
  variant = 'default',
  icon,
  size = 'md',
  children,
  className,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'default' | 'primary' | 'ghost' | 'danger' | 'success';
  size?: 'sm' | 'md';
  icon?: IconName;
}) {
  return (
    <button
      type="button"
      className={`btn btn-${variant} btn-${size}${className ? ` ${className}` : ''}`}
      {...rest}
    >
      {icon ? <Icon name={icon} size={size === 'sm' ? 14 : 16} /> : null}
      {children ? <span>{children}</span> : null}
    </button>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function CategoryTag({ category }: { category: string }) {
  return <span className={`tag cat-${category}`}>{humanize(category)}</span>;
}

export function Badge({
  children,
  tone = 'neutral',
  title,
}: {
  children: ReactNode;
  tone?: 'neutral' | 'accent' | 'good' | 'warn' | 'bad';
  title?: string;
}) {
  return (
    <span className={`badge tone-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function ProgressBar({
  value,
  label,
  testid,
}: {
  value: number | null;
  label?: string;
  testid?: string;
}) {
  const pct = value === null ? null : Math.max(0, Math.min(1, value));
  return (
    <div
      className={`progress${pct === null ? ' indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct === null ? undefined : Math.round(pct * 100)}
      data-testid={testid}
    >
      <div className="progress-fill" style={pct === null ? undefined : { width: `${pct * 100}%` }} />
    </div>
  );
}

export function EmptyState({
  icon = 'info',
  title,
  children,
  actions,
  testid,
}: {
  icon?: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testid?: string;
}) {
  return (
    <div className="empty" data-testid={testid ?? 'empty-state'}>
      <div className="empty-icon">
        <Icon name={icon} size={28} />
      </div>
      <h3>{title}</h3>
      {children ? <div className="empty-body">{children}</div> : null}
      {actions ? <div className="empty-actions">{actions}</div> : null}
    </div>
  );
}

export function ErrorBanner({
  error,
  onRetry,
  title = 'Something went wrong',
}: {
  error: { code?: string; message: string } | string | null | undefined;
  onRetry?: () => void;
  title?: string;
}) {
  if (!error) return null;
  const e = typeof error === 'string' ? { message: error } : error;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <Icon name="warning" />
      <div className="banner-text">
        <strong>{title}</strong>
        <span>
          {e.message}
          {e.code && e.code !== 'ERROR' ? <code className="muted"> ({e.code})</code> : null}
        </span>
      </div>
      {onRetry ? (
        <Button size="sm" onClick={onRetry} icon="refresh">
          Retry
        </Button>
      ) : null}
    </div>
  );
}

export function Banner({
  tone = 'info',
  children,
  icon,
}: {
  tone?: 'info' | 'warn' | 'success';
  children: ReactNode;
  icon?: IconName;
}) {
  return (
    <div className={`banner banner-${tone}`} role="status">
      <Icon name={icon ?? (tone === 'warn' ? 'warning' : tone === 'success' ? 'check' : 'info')} />
      <div className="banner-text">{children}</div>
    </div>
  );
}

/** A page: header with title, subtitle and actions; `state` drives data-state for tests. */
export function Screen({
  title,
  subtitle,
  actions,
  children,
  testid,
  ready,
  className,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testid: string;
  ready: boolean;
  className?: string;
}) {
  return (
    <section
      className={`screen${className ? ` ${className}` : ''}`}
      data-testid={testid}
      data-state={ready ? 'ready' : 'loading'}
    >
      <header className="screen-header">
        <div className="screen-titles">
          <h1>{title}</h1>
          {subtitle ? <div className="screen-subtitle">{subtitle}</div> : null}
        </div>
        {actions ? <div className="screen-actions">{actions}</div> : null}
      </header>
      <div className="screen-body">{children}</div>
    </section>
  );
}

export function Stat({
  label,
  value,
  hint,
  tone,
  testid,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'good' | 'warn' | 'bad';
  testid?: string;
}) {
  return (
    <div className={`stat${tone ? ` tone-${tone}` : ''}`} data-testid={testid}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  );
}

/** Modal dialog: traps focus, closes on Escape, restores focus on close. */
export function Dialog({
  title,
  children,
  footer,
  onClose,
  testid,
  wide,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  onClose: () => void;
  testid?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>(
      '[autofocus], input, select, textarea, button:not([disabled])',
    );
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCloseRef.current();
        return;
      }
      if (e.key !== 'Tab' || !el) return;
      const items = Array.from(
        el.querySelectorAll<HTMLElement>(
          'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
        ),
      );
      if (items.length === 0) return;
      const firstEl = items[0]!;
      const lastEl = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === firstEl) {
        e.preventDefault();
        lastEl.focus();
      } else if (!e.shiftKey && document.activeElement === lastEl) {
        e.preventDefault();
        firstEl.focus();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      prev?.focus?.();
    };
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={ref}
        data-testid={testid}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer ? <footer className="dialog-footer">{footer}</footer> : null}
      </div>
    </div>
  );
}

export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  testid,
}: {
  tabs: { id: T; label: ReactNode; count?: number }[];
  value: T;
  onChange: (id: T) => void;
  testid?: string;
}) {
  return (
    <div className="tabs" role="tablist" data-testid={testid}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          tabIndex={t.id === value ? 0 : -1}
          className={`tab${t.id === value ? ' active' : ''}`}
          data-testid={`tab-${t.id}`}
          onClick={() => onChange(t.id)}
          onKeyDown={(e) => {
            const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (!d) return;
            e.preventDefault();
            const next = tabs[(i + d + tabs.length) % tabs.length]!;
            onChange(next.id);
            const sib =
              (e.currentTarget.parentElement?.children[(i + d + tabs.length) % tabs.length] as
                HTMLElement | undefined) ?? null;
            sib?.focus();
          }}
        >
          {t.label}
          {t.count !== undefined ? (
            <span className="tab-count">{t.count.toLocaleString('en-US')}</span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

export function Field({
  label,
  hint,
  children,
  error,
}: {
  label: string;
  hint?: ReactNode;
  children: ReactNode;
  error?: string | null;
}) {
  return (
    <label className={`field${error ? ' has-error' : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {error ? (
        <span className="field-error">{error}</span>
      ) : hint ? (
        <span className="field-hint">{hint}</span>
      ) : null}
    </label>
  );
}

/** Key/value list for detail panes. */
export function Properties({ items }: { items: [ReactNode, ReactNode][] }) {
  return (
    <dl className="props">
      {items.map(([k, v], i) => (
        <div className="prop" key={i}>
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? <span className="muted">—</span> : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Debounced search field; `/` focuses it (the App looks for [data-search]). */
export function SearchBox({
  value,
  onChange,
  placeholder,
  testid,
  delay = 250,
}: {
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  testid?: string;
  delay?: number;
}) {
  const [text, setText] = useState(value);
  const [prevValue, setPrevValue] = useState(value);
  if (value !== prevValue) {
    // The parent cleared or replaced the search: show it.
    setPrevValue(value);
    setText(value);
  }
  const timer = useRef<number | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <div className="search-box">
      <Icon name="search" size={14} />
      <input
        type="search"
        value={text}
        placeholder={placeholder}
        aria-label={placeholder}
        data-search
        data-testid={testid}
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => onChangeRef.current(v), delay);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            window.clearTimeout(timer.current);
            onChangeRef.current(text);
          } else if (e.key === 'Escape' && text) {
            e.stopPropagation();
            setText('');
            window.clearTimeout(timer.current);
            onChangeRef.current('');
          }
        }}
      />
      <Kbd>/</Kbd>
    </div>
  );
}
