import { Button } from '../components/ui.js';

/** "Filtered by" chips over a grid: the quick search and each column filter, with one way to clear them all. */
export function FilterBar({
  quick,
  filters,
  onClear,
  inline = false,
  testid,
}: {
  quick: string;
  filters: readonly string[];
  onClear: () => void;
  inline?: boolean;
  testid?: string;
}) {
  return (
    <div className={inline ? 'filter-bar inline' : 'filter-bar'} data-testid={testid}>
      <span className="muted">Filtered by</span>
      {quick.trim() ? <span className="chip">“{quick.trim()}”</span> : null}
      {filters.map((f) => (
        <span className="chip" key={f}>
          {f}
        </span>
      ))}
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear all
      </Button>
    </div>
  );
}
