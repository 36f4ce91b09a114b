import type { CiAttributes, CiType } from '../domain/attributes.js';

/** Every importable format. Names are part of the CLI contract (`--format`). */
export const FORMAT_IDS = [
  'servicenow-ci',
  'servicenow-rel',
  'nmap-xml',
  'rvtools-vinfo',
  'glpi-inventory',
  'aws-ec2',
  'netbox',
  'csv',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export type SourceRole = 'cmdb' | 'discovery';

/** Where in a file something was found; line is 1-based, record is the 1-based record ordinal. */
export interface SourceLocation {
  line?: number;
  record?: number;
}

/** One CI record as a source reports it. */
export interface ImportedRecord {
  /** The source's own unique key for the record (sys_id, IPv4, VM ID, deviceid, InstanceId, object id...). */
  key: string;
  /** The source's class name, verbatim (e.g. cmdb_ci_linux_server, dcim.device). */
  ciClass?: string;
  ciType: CiType;
  /** Display name, verbatim but trimmed. */
  name?: string;
  /** The original row or element, verbatim: a CSV line, a JSON document, an XML element's text. */
  raw: string;
  attrs: CiAttributes;
  location: SourceLocation;
}

/** How a relationship endpoint names the CI it points at. */
export type RefKind =
  | 'key' // native key of a record of the same source (sys_id, NetBox id)
  | 'name' // host name or display name
  | 'uuid' // BIOS / VM UUID
  | 'ip'
  | 'instance_id';

export interface EndpointRef {
  kind: RefKind;
  value: string;
}

export interface ImportedRelationship {
  key: string;
  /** Relationship type in ServiceNow notation where one exists ("Hosted on::Hosts", "Runs on::Runs"). */
  type: string;
  parent: EndpointRef;
  child: EndpointRef;
  raw: string;
  location: SourceLocation;
}

export interface ImportWarning {
  message: string;
  location?: SourceLocation;
  field?: string;
  value?: string;
}

/** Receives what an importer reads; called synchronously, in file order. */
export interface ImportSink {
  record(record: ImportedRecord): void;
  relationship(rel: ImportedRelationship): void;
  /** A row that is well-formed but not a CI (a down nmap host, a Django auth row...). */
  skip(reason: string, location?: SourceLocation): void;
  warn(warning: ImportWarning): void;
  /** Bytes of the file consumed so far, for progress. */
  progress(bytesRead: number): void;
  /** Header row of a CSV file, stored once so raw rows can be split back into fields. */
  header?(fields: string[]): void;
  /** The text encoding the file was read with (detected or forced). */
  encoding?(name: string): void;
}

/** A user's column mapping for the generic `csv` format (a JSON file). */
export interface ColumnMapping {
  /** Column holding the native key; several columns are joined with "|". */
  key: string | string[];
  /** Column holding the class, or a fixed class for every row. */
  class?: string;
  classValue?: string;
  /** Canonical CI type for every row, or a column holding it; defaults to computer. */
  ciType?: CiType;
  ciTypeColumn?: string;
  /** Column → canonical attribute (name, serial_number, ip_address, ...) or any other attribute name. */
  attributes: Record<string, string>;
  /** CMDB or discovery: decides precedence defaults. */
  role?: SourceRole;
  delimiter?: string;
  encoding?: string;
}

export interface ImportOptions {
  /** Forced text encoding (utf-8, windows-1252, utf-16le...); detected when absent. */
  encoding?: string;
  mapping?: ColumnMapping;
}

/** A file handed to an importer, with helpers that decode and track progress. */
export interface InputFile {
  path: string;
  /** Name used in messages (path relative to what the user typed). */
  displayName: string;
  size: number;
}

export interface FormatImporter {
  id: FormatId;
  label: string;
  role: SourceRole;
  /** Reads the file and reports records to the sink; throws ImportError on malformed input. */
  run(file: InputFile, sink: ImportSink, options: ImportOptions): Promise<void>;
}
