import { isUnknownMethod } from '../api.js';
import { useApi, useWorkspace } from '../app/context.js';
import { navigate, useLoad } from '../app/hooks.js';
import { Badge, Button, EmptyState, ErrorBanner, Screen, Spinner } from '../components/ui.js';
import { formatDateTime, formatInt } from '../lib/format.js';
import { kindLabel } from '../lib/changeset-view.js';
import type { ChangesetSummary } from '../changesets-contract.js';

export function Unavailable() {
  return (
    <EmptyState icon="changeset" title="Changesets are not available" testid="changesets-unavailable">
      This version of the workbench core does not build changesets yet. Findings can still be reviewed and
      exported.
    </EmptyState>
  );
}

export function StatusBar({ c }: { c: Pick<ChangesetSummary, 'items' | 'counts'> }) {
  const parts = (['accepted', 'edited', 'rejected', 'pending'] as const).map((k) => ({
    k,
    n: c.counts[k] ?? 0,
  }));
  return (
    <span className="status-bar" title={parts.map((p) => `${p.n} ${p.k}`).join(', ')}>
      {parts.map((p) =>
        p.n > 0 ? <span key={p.k} className={`seg seg-${p.k}`} style={{ flexGrow: p.n }} /> : null,
      )}
    </span>
  );
}

export function ChangesetsScreen({ available }: { available: boolean | null }) {
  const api = useApi();
  const ws = useWorkspace();
  const list = useLoad(() => api.call('changesets/list', {}), [api, ws.version]);
  const unknown = available === false || (list.error !== null && isUnknownMethod(list.error));

  return (
    <Screen
      title="Changesets"
      subtitle="Plans of CMDB changes built from findings: review each item, validate, approve, export."
      testid="screen-changesets"
      ready={unknown || list.data !== undefined || list.error !== null}
      actions={
        unknown ? null : (
          <Button
            icon="findings"
            onClick={() => navigate({ name: 'findings', category: null, severity: null })}
          >
            New from findings…
          </Button>
        )
      }
    >
      {unknown ? (
        <Unavailable />
      ) : list.error ? (
        <ErrorBanner error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Spinner />
      ) : list.data.length === 0 ? (
        <EmptyState
          icon="changeset"
          title="No changesets yet"
          testid="changesets-empty"
          actions={
            <Button
              variant="primary"
              icon="findings"
              onClick={() => navigate({ name: 'findings', category: null, severity: null })}
            >
              Go to findings
            </Button>
          }
        >
          On the Findings screen, tick findings (or filter them) and choose “Accept into changeset”.
        </EmptyState>
      ) : (
        <div className="panel">
          <table className="table changesets-table" data-testid="changesets-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>State</th>
                <th className="num">Rev.</th>
                <th className="num">Items</th>
                <th>Review</th>
                <th>Kinds</th>
                <th>Created</th>
                <th>Approved</th>
                <th className="num">Exports</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => {
                const reviewed = c.items - (c.counts.pending ?? 0);
                return (
                  <tr
                    key={c.id}
                    className="clickable"
                    onClick={() => navigate({ name: 'changeset', id: c.id })}
                    data-testid="changeset-row"
                  >
                    <td className="strong">
                      <a href={`#/changesets/${c.id}`} onClick={(e) => e.stopPropagation()}>
                        {c.name}
                      </a>
                    </td>
                    <td>
                      <Badge tone={c.state === 'approved' ? 'good' : 'neutral'}>{c.state}</Badge>
                    </td>
                    <td className="num">{c.revision}</td>
                    <td className="num">{formatInt(c.items)}</td>
                    <td>
                      <span className="row gap-sm">
                        <StatusBar c={c} />
                        <span className="muted small">
                          {formatInt(reviewed)}/{formatInt(c.items)}
                        </span>
                      </span>
                    </td>
                    <td className="muted small">
                      {Object.entries(c.byKind)
                        .map(([k, n]) => `${kindLabel(k)} ${n}`)
                        .join(' · ')}
                    </td>
                    <td>
                      {formatDateTime(c.createdAt)} <span className="muted">by {c.createdBy}</span>
                    </td>
                    <td>
                      {c.approvedAt ? (
                        `${formatDateTime(c.approvedAt)} by ${c.approvedBy ?? '?'}`
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="num">{c.exports}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Screen>
  );
}
