export type LayoutName = 'fcose' | 'dagre' | 'concentric';

export interface LayoutRequest {
  seq: number;
  layout: 'fcose' | 'dagre';
  nodes: { id: string; root: boolean }[];
  edges: { id: string; source: string; target: string }[];
}

export type LayoutResponse =
  | { seq: number; ok: true; ids: string[]; xy: Float64Array; ms: number }
  | { seq: number; ok: false; error: string; ms: number };
