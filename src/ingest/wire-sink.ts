import { encodeAttributes } from '../domain/attribute-codec.js';
import type {
  ImportedRecord,
  ImportedRelationship,
  ImportSink,
  ImportWarning,
  SourceLocation,
} from '../importers/types.js';
import { PackedRowsBuilder, RECORD_TEXT_FIELDS, RELATIONSHIP_TEXT_FIELDS, type WireMessage } from './wire.js';

const FLUSH_ITEMS = 2048;
const FLUSH_CHARS = 4 << 20;
const MAX_WARNINGS_KEPT = 200;

/**
 * The importer-side sink: serialises what an importer reports into WireMessages, in batches.
 * `send` is postMessage in a worker and a direct call into the writer inline.
 */
export class WireSink implements ImportSink {
  private readonly records = new PackedRowsBuilder(RECORD_TEXT_FIELDS, FLUSH_ITEMS);
  private readonly relationships = new PackedRowsBuilder(RELATIONSHIP_TEXT_FIELDS, FLUSH_ITEMS);
  private skippedCount = 0;
  private skipReasons: Record<string, number> = {};
  private skipSample: { reason: string; location?: SourceLocation } | undefined;
  private warnings: ImportWarning[] = [];
  private warningCount = 0;
  private lastBytes = 0;

  constructor(private readonly send: (msg: WireMessage) => void) {}

  record(r: ImportedRecord): void {
    const b = this.records;
    b.addText(r.key);
    b.addText(r.ciClass);
    b.addText(r.ciType);
    b.addText(r.name);
    b.addText(r.raw);
    b.addText(encodeAttributes(r.attrs));
    b.addInt(r.location.line);
    b.addInt(r.location.record);
    b.endRow();
    if (b.full || b.chars + this.relationships.chars >= FLUSH_CHARS) this.flushItems();
  }

  relationship(rel: ImportedRelationship): void {
    const b = this.relationships;
    b.addText(rel.key);
    b.addText(rel.type);
    b.addText(rel.parent.value);
    b.addText(rel.parent.kind);
    b.addText(rel.child.value);
    b.addText(rel.child.kind);
    b.addText(rel.raw);
    b.addInt(rel.location.line);
    b.addInt(rel.location.record);
    b.endRow();
    if (b.full || b.chars + this.records.chars >= FLUSH_CHARS) this.flushItems();
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
    if (this.records.count > 0) this.send({ t: 'records', rows: this.records.take() });
    if (this.relationships.count > 0) this.send({ t: 'relationships', rows: this.relationships.take() });
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
