// AG Grid Community setup. The strict CSP (style-src 'self') forbids the <style> elements the
// Theming API injects, so every grid runs with theme 'legacy' and the packaged CSS files, which
// Vite bundles as ordinary stylesheets. The icon font ships as a file for font-src 'self'.
import {
  CellStyleModule,
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  ColumnAutoSizeModule,
  CsvExportModule,
  ModuleRegistry,
  NumberFilterModule,
  QuickFilterModule,
  RowStyleModule,
  TextEditorModule,
  TextFilterModule,
  type ColDef,
  type GridApi,
  type IRowNode,
} from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css';
import './grid-theme.css';
import { compareDecimals } from '../../../shared/decimal';
import type { ColumnSpec } from '../blotter/blotter-rows';

let registered = false;
export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([
    ClientSideRowModelModule,
    ClientSideRowModelApiModule,
    TextFilterModule,
    NumberFilterModule,
    QuickFilterModule,
    CsvExportModule,
    TextEditorModule,
    CellStyleModule,
    RowStyleModule,
    ColumnAutoSizeModule,
  ]);
}

export const GRID_THEME_CLASS = 'ag-theme-quartz-dark cb-grid';

/** Decimal strings sort by value, exactly. */
export function decimalComparator(a: unknown, b: unknown): number {
  try {
    return compareDecimals(
      typeof a === 'string' ? a.split(' ')[0] : undefined,
      typeof b === 'string' ? b.split(' ')[0] : undefined,
    );
  } catch {
    return String(a ?? '').localeCompare(String(b ?? ''));
  }
}

export function colDefs<R>(columns: ColumnSpec<R>[]): ColDef<R>[] {
  return columns.map((c) => ({
    field: c.field as unknown as ColDef<R>['field'],
    headerName: c.header,
    sortable: true,
    filter: 'agTextColumnFilter',
    floatingFilter: false,
    resizable: true,
    width: c.width ?? (c.numeric ? 115 : 110),
    ...(c.numeric ? { comparator: decimalComparator, type: 'rightAligned', cellClass: 'num' } : {}),
  }));
}

/** The rows as the grid currently shows them: after its filters and sort. */
export function displayedRows<R>(api: GridApi<R>): R[] {
  const out: R[] = [];
  api.forEachNodeAfterFilterAndSort((node: IRowNode<R>) => {
    if (node.data) out.push(node.data);
  });
  return out;
}

/** Saves text as a file through the page (works in both hosts; Electron asks where to save). */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
