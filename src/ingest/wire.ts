import type { ImportWarning, SourceLocation } from '../importers/types.js';

/**
 * Messages from an importer (running in a worker thread, or inline) to the workspace writer.
 * Records and relationships travel packed (PackedRows): one string and two small integer arrays per
 * batch of a few thousand rows cross the thread boundary as three copies, where an array of tens of
 * thousands of separate strings cost the worker a serialisation and the writer a deserialisation per
 * string, on the two threads the import's speed depends on.
 */

/** Text fields of a record: key, ciClass, ciType, name, raw, attrs (src/domain/attribute-codec.ts). */
export const RECORD_TEXT_FIELDS = 6;
/** Text fields of a relationship: key, type, parentRef, parentKind, childRef, childKind, raw. */
export const RELATIONSHIP_TEXT_FIELDS = 7;
/** Integer fields of both: line, ordinal. */
export const INT_FIELDS = 2;

/** Rows of text and integer fields, row-major. */
export interface PackedRows {
  count: number;
  /** Every non-null text field of every row, concatenated. */
  text: string;
  /** Where each text field ends in `text` (it starts where the previous non-null one ended); -1: null. */
  ends: Int32Array;
  /** Integer fields; -1: null. */
  ints: Int32Array;
}

export type WireMessage =
  | { t: 'records'; rows: PackedRows }
  | { t: 'relationships'; rows: PackedRows }
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

/** Collects rows into PackedRows, up to a fixed number of rows. */
export class PackedRowsBuilder {
  private parts: string[] = [];
  private length = 0;
  private ends: Int32Array;
  private ints: Int32Array;
  private textAt = 0;
  private intAt = 0;
  count = 0;

  constructor(
    private readonly textFields: number,
    readonly capacity: number,
  ) {
    this.ends = new Int32Array(capacity * textFields);
    this.ints = new Int32Array(capacity * INT_FIELDS);
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  get chars(): number {
    return this.length;
  }

  addText(v: string | null | undefined): void {
    if (v === null || v === undefined) this.ends[this.textAt++] = -1;
    else {
      this.parts.push(v);
      this.length += v.length;
      this.ends[this.textAt++] = this.length;
    }
  }

  addInt(v: number | null | undefined): void {
    this.ints[this.intAt++] = v ?? -1;
  }

  endRow(): void {
    this.count++;
  }

  /** The rows so far; the builder starts over. */
  take(): PackedRows {
    const rows: PackedRows = {
      count: this.count,
      text: this.parts.join(''),
      ends: this.ends.slice(0, this.textAt),
      ints: this.ints.slice(0, this.intAt),
    };
    this.parts = [];
    this.length = 0;
    this.textAt = 0;
    this.intAt = 0;
    this.count = 0;
    return rows;
  }
}

/** Reads PackedRows back field by field, in the order they were added. */
export class PackedRowsReader {
  private pos = 0;
  private textAt = 0;
  private intAt = 0;

  constructor(private readonly rows: PackedRows) {}

  text(): string | null {
    const end = this.rows.ends[this.textAt++]!;
    if (end < 0) return null;
    const s = this.rows.text.slice(this.pos, end);
    this.pos = end;
    return s;
  }

  int(): number | null {
    const v = this.rows.ints[this.intAt++]!;
    return v < 0 ? null : v;
  }
}
