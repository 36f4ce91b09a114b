/**
 * AG Grid Community, registered once: the Infinite row model (pages from SQLite through the API), text and
 * number filters (the Set filter is Enterprise), row selection, tooltips, column API. No string expressions
 * anywhere (they would need `unsafe-eval`): value getters and formatters are functions.
 *
 * Styling goes through the Theming API: the theme's params are the app's CSS custom properties, so one theme
 * follows the light/dark switch without re-injecting CSS. AG Grid injects its <style> elements with the
 * page's CSP nonce (styleNonce).
 */
import {
  CellStyleModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  NumberFilterModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  EventApiModule,
  RenderApiModule,
  themeQuartz,
  iconSetQuartzLight,
} from 'ag-grid-community';

let registered = false;

export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([
    InfiniteRowModelModule,
    TextFilterModule,
    NumberFilterModule,
    RowSelectionModule,
    TooltipModule,
    ColumnApiModule,
    ColumnAutoSizeModule,
    RowApiModule,
    ScrollApiModule,
    CellStyleModule,
    RowStyleModule,
    EventApiModule,
    RenderApiModule,
  ]);
}

export const gridTheme = themeQuartz.withPart(iconSetQuartzLight).withParams({
  fontFamily: 'inherit',
  fontSize: 12.5,
  headerFontSize: 12,
  headerFontWeight: 600,
  backgroundColor: 'var(--surface)',
  foregroundColor: 'var(--text)',
  textColor: 'var(--text)',
  headerBackgroundColor: 'var(--surface-2)',
  headerTextColor: 'var(--text-2)',
  borderColor: 'var(--border)',
  chromeBackgroundColor: 'var(--surface-2)',
  accentColor: 'var(--accent)',
  oddRowBackgroundColor: 'var(--surface-zebra)',
  rowHoverColor: 'var(--row-hover)',
  selectedRowBackgroundColor: 'var(--row-selected)',
  inputBackgroundColor: 'var(--surface)',
  inputBorder: { color: 'var(--border-strong)' },
  menuBackgroundColor: 'var(--surface)',
  menuTextColor: 'var(--text)',
  menuBorder: { color: 'var(--border-strong)' },
  browserColorScheme: 'inherit',
  rowHeight: 28,
  headerHeight: 32,
  spacing: 6,
  cellHorizontalPadding: 10,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  borderRadius: 4,
  columnBorder: { color: 'var(--border-faint)' },
  rowBorder: { color: 'var(--border-faint)' },
});

/** The CSP nonce the shell put in <meta name="cmdbw-style-nonce"> (absent under `vite dev`). */
export function styleNonce(): string | undefined {
  const v = document.querySelector<HTMLMetaElement>('meta[name="cmdbw-style-nonce"]')?.content;
  return v && !v.startsWith('__') ? v : undefined;
}
