/**
 * Hash routes (`#/cis/42?tab=evidence`). Hash routing works the same under app:// (Electron) and
 * http://127.0.0.1 (browser mode) and never asks the shell to serve a deep path.
 */
export type Route =
  | { name: 'start' }
  | { name: 'import' }
  | { name: 'sources' }
  | { name: 'cis' }
  | { name: 'ci'; id: number; tab: string | null }
  | { name: 'findings'; category: string | null; severity: string | null }
  | { name: 'changesets' }
  | { name: 'changeset'; id: number }
  | { name: 'graph'; id: number | null; hops?: number | null; max?: number | null }
  | { name: 'quality' }
  | { name: 'audit' }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', query = ''] = raw.split('?', 2);
  const q = new URLSearchParams(query);
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const id = (s: string | undefined): number | null => (s && /^\d+$/.test(s) ? Number(s) : null);
  const [head, second] = parts;
  switch (head) {
    case undefined:
    case 'start':
      return { name: 'start' };
    case 'import':
      return { name: 'import' };
    case 'sources':
      return { name: 'sources' };
    case 'cis': {
      if (second === undefined) return { name: 'cis' };
      const n = id(second);
      return n === null ? { name: 'not-found', path: pathPart } : { name: 'ci', id: n, tab: q.get('tab') };
    }
    case 'findings':
      return { name: 'findings', category: q.get('category'), severity: q.get('severity') };
    case 'changesets': {
      if (second === undefined) return { name: 'changesets' };
      const n = id(second);
      return n === null ? { name: 'not-found', path: pathPart } : { name: 'changeset', id: n };
    }
    case 'graph': {
      const n = (k: string) => (/^\d+$/.test(q.get(k) ?? '') ? Number(q.get(k)) : null);
      return { name: 'graph', id: id(second), hops: n('hops'), max: n('max') };
    }
    case 'quality':
      return { name: 'quality' };
    case 'audit':
      return { name: 'audit' };
    default:
      return { name: 'not-found', path: pathPart };
  }
}

export function formatRoute(r: Route): string {
  const qs = (o: Record<string, string | null>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(o)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  switch (r.name) {
    case 'start':
      return '#/';
    case 'ci':
      return `#/cis/${r.id}${qs({ tab: r.tab })}`;
    case 'findings':
      return `#/findings${qs({ category: r.category, severity: r.severity })}`;
    case 'changeset':
      return `#/changesets/${r.id}`;
    case 'graph':
      return r.id === null
        ? '#/graph'
        : `#/graph/${r.id}${qs({ hops: r.hops ? String(r.hops) : null, max: r.max ? String(r.max) : null })}`;
    case 'not-found':
      return `#/${r.path}`;
    default:
      return `#/${r.name}`;
  }
}
