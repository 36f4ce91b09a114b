import { encodeAttributes } from '../domain/attribute-codec.js';
import type {
  ImportedRecord,
  ImportedRelationship,
  ImportSink,
  ImportWarning,
  SourceLocation,
} from '../importers/types.js';
import { RECORD_STRIDE, RELATIONSHIP_STRIDE, type WireMessage } from './wire.js';

const FLUSH_ITEMS = 2048;
const FLUSH_CHARS = 4 << 20;
const MAX_WARNINGS_KEPT = 200;

/**
 * The importer-side sink: serialises what an importer reports into WireMessages, in batches.
 * `send` is postMessage in a worker and a direct call into the writer inline.
 */
export class WireSink implements ImportSink {
  private records: (string | number | null)[] = [];
  private relationships: (string | number | null)[] = [];
  private chars = 0;
  private skippedCount = 0;
  private skipReasons: Record<string, number> = {};
  private skipSample: { reason: string; location?: SourceLocation } | undefined;
  private warnings: ImportWarning[] = [];
  private warningCount = 0;
  private lastBytes = 0;

  constructor(private readonly send: (msg: WireMessage) => void) {}

  record(r: ImportedRecord): void {
    const attrs = encodeAttributes(r.attrs);
    this.records.push(
      r.key,
      r.ciClass ?? null,
      r.ciType,
      r.name ?? null,
      r.location.line ?? null,
      r.location.record ?? null,
      r.raw,
      attrs,
    );
    this.chars += r.raw.length + attrs.length;
    if (this.records.length >= FLUSH_ITEMS * RECORD_STRIDE || this.chars >= FLUSH_CHARS) this.flushItems();
  }

  relationship(rel: ImportedRelationship): void {
    this.relationships.push(
      rel.key,
      rel.type,
      rel.parent.value,
      rel.parent.kind,
      rel.child.value,
      rel.child.kind,
      rel.location.line ?? null,
      rel.location.record ?? null,
      rel.raw,
    );
    this.chars += rel.raw.length;
    if (this.relationships.length >= FLUSH_ITEMS * RELATIONSHIP_STRIDE || this.chars >= FLUSH_CHARS)
      this.flushItems();
  }

  skip(reason: string, location?: SourceLocation): void {
    this.skippedCount++;
    this.skipReasons[reason] = (this.skipReasons[reason] ?? 0) + 1;
    this.skipSample ??= { reason, location };
  }

  warn(warning: ImportWarning): void {
    this.warningCount++;
    if (this.warnings.length < MAX_WARNINGS_KEPT) this.warnings.push(warning);
  }

  header(fields: string[]): void {
    this.send({ t: 'header', fields });
  }

  encoding(name: string): void {
    this.send({ t: 'encoding', encoding: name });
  }

  progress(bytes: number): void {
    // Progress is cheap to compute but not free to send: report every 4 MB.
    if (bytes - this.lastBytes >= 4 << 20) {
      this.lastBytes = bytes;
      this.flushItems();
      this.send({ t: 'progress', bytes });
    }
  }

  flushItems(): void {
    if (this.records.length > 0) {
      this.send({ t: 'records', data: this.records });
      this.records = [];
    }
    if (this.relationships.length > 0) {
      this.send({ t: 'relationships', data: this.relationships });
      this.relationships = [];
    }
    this.chars = 0;
  }

  /** Sends everything still buffered, with the skip and warning tallies. */
  finish(): void {
    this.flushItems();
    if (this.skippedCount > 0) {
      this.send({
        t: 'skipped',
        count: this.skippedCount,
        reasons: this.skipReasons,
        sample: this.skipSample,
      });
    }
    if (this.warningCount > 0)
      this.send({ t: 'warnings', warnings: this.warnings, count: this.warningCount });
  }
}
