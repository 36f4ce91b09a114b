import { useMemo, useState } from 'react';
import type { Route } from '../lib/route.js';
import { Icon, type IconName } from '../components/icons.js';
import { navigate } from './hooks.js';
import { useTheme, useWorkspace } from './context.js';

interface Command {
  id: string;
  label: string;
  icon: IconName;
  run(): void;
}

export function CommandPalette({
  onClose,
  nav,
}: {
  onClose: () => void;
  nav: { route: Route; label: string; icon: IconName; needsWorkspace: boolean }[];
}) {
  const [q, setQ] = useState('');
  const [sel, setSel] = useState(0);
  const { workspace } = useWorkspace();
  const { toggle } = useTheme();

  const commands = useMemo<Command[]>(() => {
    const list: Command[] = [];
    const id = /^#?(\d+)$/.exec(q.trim())?.[1];
    if (id && workspace) {
      list.push({
        id: 'ci',
        label: `Open CI #${id}`,
        icon: 'grid',
        run: () => navigate({ name: 'ci', id: Number(id), tab: null }),
      });
      list.push({
        id: 'graph',
        label: `Dependency graph of CI #${id}`,
        icon: 'graph',
        run: () => navigate({ name: 'graph', id: Number(id) }),
      });
    }
    for (const n of nav) {
      if (n.needsWorkspace && !workspace) continue;
      list.push({
        id: `nav-${n.label}`,
        label: `Go to ${n.label}`,
        icon: n.icon,
        run: () => navigate(n.route),
      });
    }
    list.push({ id: 'theme', label: 'Switch light / dark theme', icon: 'moon', run: toggle });
    const needle = q.trim().toLowerCase();
    return id ? list : list.filter((c) => !needle || c.label.toLowerCase().includes(needle));
  }, [q, nav, workspace, toggle]);

  const choose = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  const current = Math.min(sel, Math.max(0, commands.length - 1));

  return (
    <div
      className="dialog-backdrop palette-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="command-palette"
      >
        <div className="palette-input">
          <Icon name="search" />
          <input
            autoFocus
            value={q}
            placeholder="Type a screen, a command, or a CI id…"
            aria-label="Command"
            aria-controls="palette-list"
            aria-activedescendant={commands[current] ? `cmd-${commands[current].id}` : undefined}
            onChange={(e) => {
              setQ(e.target.value);
              setSel(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setSel((s) => Math.min(s + 1, commands.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setSel((s) => Math.max(s - 1, 0));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                choose(commands[current]);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                onClose();
              }
            }}
          />
        </div>
        <ul className="palette-list" id="palette-list" role="listbox">
          {commands.map((c, i) => (
            <li
              key={c.id}
              id={`cmd-${c.id}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'active' : undefined}
              onMouseEnter={() => setSel(i)}
              onClick={() => choose(c)}
            >
              <Icon name={c.icon} />
              <span>{c.label}</span>
            </li>
          ))}
          {commands.length === 0 ? <li className="muted">No matching command</li> : null}
        </ul>
      </div>
    </div>
  );
}
