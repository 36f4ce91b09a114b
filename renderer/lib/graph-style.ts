/**
 * Colours and shapes of the dependency graph, per theme (Cytoscape draws on a canvas: CSS variables do
 * not reach it). Shared by the live graph and the SVG export so both look the same.
 */
import type { SvgNode } from './graph-svg.js';

export interface GraphPalette {
  background: string;
  text: string;
  textMuted: string;
  edge: string;
  edgeCmdbOnly: string;
  edgeDiscoveryOnly: string;
  conflict: string;
  accent: string;
  notInCmdb: string;
  types: Record<string, string>;
  fallback: string;
}

const LIGHT: GraphPalette = {
  background: '#ffffff',
  text: '#1f2937',
  textMuted: '#6b7280',
  edge: '#9ca3af',
  edgeCmdbOnly: '#d97706',
  edgeDiscoveryOnly: '#0891b2',
  conflict: '#dc2626',
  accent: '#4f46e5',
  notInCmdb: '#d97706',
  types: {
    computer: '#3b82f6',
    hypervisor: '#6366f1',
    network_device: '#0d9488',
    printer: '#64748b',
    storage: '#a16207',
    application: '#9333ea',
    database: '#db2777',
    service: '#ea580c',
    cluster: '#0284c7',
    site: '#475569',
    person: '#57534e',
    other: '#78716c',
    template: '#a8a29e',
  },
  fallback: '#78716c',
};

const DARK: GraphPalette = {
  background: '#16181d',
  text: '#e5e7eb',
  textMuted: '#9ca3af',
  edge: '#5b6270',
  edgeCmdbOnly: '#f59e0b',
  edgeDiscoveryOnly: '#22d3ee',
  conflict: '#f87171',
  accent: '#818cf8',
  notInCmdb: '#f59e0b',
  types: {
    computer: '#60a5fa',
    hypervisor: '#818cf8',
    network_device: '#2dd4bf',
    printer: '#94a3b8',
    storage: '#eab308',
    application: '#c084fc',
    database: '#f472b6',
    service: '#fb923c',
    cluster: '#38bdf8',
    site: '#94a3b8',
    person: '#a8a29e',
    other: '#a8a29e',
    template: '#78716c',
  },
  fallback: '#a8a29e',
};

export function paletteFor(theme: 'light' | 'dark'): GraphPalette {
  return theme === 'dark' ? DARK : LIGHT;
}

export function shapeFor(ciType: string): SvgNode['shape'] {
  switch (ciType) {
    case 'hypervisor':
    case 'cluster':
      return 'hexagon';
    case 'network_device':
      return 'diamond';
    case 'application':
    case 'service':
    case 'database':
      return 'round-rectangle';
    case 'storage':
    case 'printer':
    case 'site':
      return 'rectangle';
    default:
      return 'ellipse';
  }
}

export function colorFor(p: GraphPalette, ciType: string): string {
  return p.types[ciType] ?? p.fallback;
}
