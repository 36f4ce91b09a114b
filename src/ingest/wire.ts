import type { ImportWarning, SourceLocation } from '../importers/types.js';

/**
 * Messages from an importer (running in a worker thread, or inline) to the workspace writer.
 * Records and relationships travel as flat arrays of primitives: they cross the thread boundary by a
 * cheap structured clone, and the writer binds them to its INSERT without building objects.
 */

/** key, ciClass, ciType, name, line, ordinal, raw, attrsJson */
export const RECORD_STRIDE = 8;
/** key, type, parentRef, parentKind, childRef, childKind, line, ordinal, raw */
export const RELATIONSHIP_STRIDE = 9;

export type WireMessage =
  | { t: 'records'; data: (string | number | null)[] }
  | { t: 'relationships'; data: (string | number | null)[] }
  | { t: 'header'; fields: string[] }
  | {
      t: 'skipped';
      count: number;
      reasons: Record<string, number>;
      sample?: { reason: string; location?: SourceLocation };
    }
  | { t: 'warnings'; warnings: ImportWarning[]; count: number }
  | { t: 'progress'; bytes: number }
  | { t: 'encoding'; encoding: string }
  | { t: 'done'; sha256: string }
  | { t: 'error'; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
  location?: Record<string, unknown>;
  stack?: string;
}
