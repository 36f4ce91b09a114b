import type { GridApi } from 'ag-grid-community';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Button } from '../components/ui.js';

interface Col {
  id: string;
  label: string;
  visible: boolean;
}

/** Show/hide grid columns (the Enterprise columns tool panel's job, done with the Community column API). */
export function ColumnChooser<Row>({
  apiRef,
  testid = 'column-chooser',
}: {
  apiRef: RefObject<GridApi<Row> | null>;
  testid?: string;
}) {
  const [open, setOpen] = useState(false);
  const [cols, setCols] = useState<Col[]>([]);
  const ref = useRef<HTMLDivElement>(null);

  const read = () => {
    const api = apiRef.current;
    if (!api) return;
    setCols(
      (api.getColumns() ?? [])
        .filter((c) => !c.getColDef().lockVisible && c.getColId() !== 'ag-Grid-SelectionColumn')
        .map((c) => ({
          id: c.getColId(),
          label: c.getColDef().headerName ?? c.getColId(),
          visible: c.isVisible(),
        })),
    );
  };

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const toggle = (id: string, visible: boolean) => {
    apiRef.current?.setColumnsVisible([id], visible);
    read();
  };

  return (
    <div className="popover-anchor" ref={ref}>
      <Button
        icon="columns"
        onClick={() => {
          read();
          setOpen((o) => !o);
        }}
        aria-expanded={open}
        aria-haspopup="true"
        data-testid={testid}
      >
        Columns
      </Button>
      {open ? (
        <div className="popover" role="menu" data-testid={`${testid}-menu`}>
          <div className="popover-title">Visible columns</div>
          <div className="popover-list">
            {cols.map((c) => (
              <label key={c.id} className="check-row">
                <input type="checkbox" checked={c.visible} onChange={(e) => toggle(c.id, e.target.checked)} />
                <span>{c.label}</span>
              </label>
            ))}
          </div>
          <div className="popover-footer">
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                apiRef.current?.setColumnsVisible(
                  cols.map((c) => c.id),
                  true,
                );
                read();
              }}
            >
              Show all
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                apiRef.current?.resetColumnState();
                read();
              }}
            >
              Reset layout
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
