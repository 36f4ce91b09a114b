import {
  ID_KINDS,
  type Identity,
  IdentityTable,
  type IdKind,
  type Interner,
  KIND_INDEX,
  valueText,
} from './identity.js';

/**
 * Fellegi-Sunter match weights over identities. Agreement on a value adds log2(m / u), where m is how
 * often the same CI agrees on that kind of identifier and u the chance that two different CIs share that
 * value (its frequency in the estate, floored so that small estates do not undervalue a unique serial).
 * Disagreement subtracts; on strong identifiers (serial, BIOS UUID, VM UUID, instance id, VM id) it is a
 * veto: two different serials are two different machines, whatever else they share.
 */

export interface Frequencies {
  /** How many records carry this value as this kind. */
  count(kind: IdKind, value: number): number;
  /** How many records carry any value of this kind. */
  total(kind: IdKind): number;
}

export type Outcome = 'agree' | 'disagree' | 'near' | 'veto';

export interface Evidence {
  /** Identifier kind, or a field name for records matched by the generic matcher. */
  kind: IdKind | string;
  outcome: Outcome;
  weight: number;
  /** The agreeing value, or the two sides' values when they differ. */
  detail: string;
}

export interface PairScore {
  score: number;
  /** Why the two can never be the same CI, when they cannot. */
  veto?: string;
  /** Filled only when scoring with an interner (to explain), not while clustering. */
  evidence: Evidence[];
  /** Agreement on a strong identifier or a MAC (what allows two records of one source to be one CI). */
  hardwareAgree: boolean;
  hostAgree: boolean;
  hostDisagree: boolean;
}

/** P(a true match agrees) per kind. */
export const M: Record<IdKind, number> = {
  serial: 0.95,
  uuid: 0.95,
  vmuuid: 0.95,
  inst: 0.99,
  vmid: 0.99,
  corr: 0.95,
  mac: 0.9,
  host: 0.9,
  ip: 0.85,
};

/** Weights of disagreement on non-veto kinds (bits). */
export const DISAGREE = { mac: -6, host: -5, ip: -3 } as const;
/** Disagreement of names when one side only knows reverse-DNS names (stale PTR records are common). */
export const WEAK_HOST_DISAGREE = -1;
/** Different serials on records whose BIOS UUID or instance id agree. */
export const SERIAL_CONFLICT_WEIGHT = -8;
/** A serial one typo away from the other side's: not a veto, but no evidence either. */
export const NEAR_SERIAL_WEIGHT = -1;
/** Estates smaller than this still treat a shared serial or IP as rare. */
export const POPULATION_FLOOR = 10000;
/** Values carried by more records than this identify nothing (shared gateways, cloned images...). */
export const MAX_VALUE_FREQUENCY = 24;

export function agreeWeight(kind: IdKind, value: number, freq: Frequencies): number {
  const n = Math.max(freq.total(kind), POPULATION_FLOOR);
  const f = Math.max(freq.count(kind, value), 1);
  return Math.log2((M[kind] * n) / f);
}

/** One typo apart: an adjacent transposition, one substitution, one insertion/deletion, or truncation. */
export function nearSerial(a: string, b: string): boolean {
  if (a.length >= 6 && b.length >= 6 && (a.startsWith(b) || b.startsWith(a))) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        if (first < 0) first = i;
        if (++diffs > 2) return false;
      }
    }
    if (diffs === 1) return true;
    return diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first];
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

const STRONG_VETO = ['uuid', 'vmuuid', 'inst', 'vmid'] as const;
const LABEL: Record<(typeof STRONG_VETO)[number], string> = {
  uuid: 'BIOS UUIDs',
  vmuuid: 'VM UUIDs',
  inst: 'cloud instance ids',
  vmid: 'hypervisor VM ids',
};

/**
 * Scores two identities (records or whole clusters). `texts` resolves interned values for the evidence
 * and veto messages; serial typos are checked against it too (so it is always required).
 */
export function scoreIdentities(
  a: Identity,
  b: Identity,
  freq: Frequencies,
  texts: Interner,
  explain: boolean | 'weights' = false,
): PairScore {
  const t = new IdentityTable(2);
  t.append(a);
  t.append(b);
  return scoreEntries(t, 0, t, 1, freq, texts, explain);
}

// Ranges [lo, hi) of an entry's values by kind; see IdentityTable.
const SERIAL = KIND_INDEX.serial;
const UUID = KIND_INDEX.uuid;
const VMUUID = KIND_INDEX.vmuuid;
const INST = KIND_INDEX.inst;
const VMID = KIND_INDEX.vmid;
const CORR = KIND_INDEX.corr;
const MAC = KIND_INDEX.mac;
const HOST = KIND_INDEX.host;
const IP = KIND_INDEX.ip;
const KINDS = ID_KINDS.length;

function contains(vals: Int32Array, lo: number, hi: number, v: number): boolean {
  for (let i = lo; i < hi; i++) if (vals[i] === v) return true;
  return false;
}

/** Value of the last bestShared call (a module variable: this runs millions of times, allocation-free). */
let bestValue = 0;

/**
 * The best agreement weight among values both sides have (in a's order), NaN when they share none, or
 * -Infinity when every shared value is too frequent to identify anything.
 */
function bestShared(
  kind: IdKind,
  av: Int32Array,
  aLo: number,
  aHi: number,
  bv: Int32Array,
  bLo: number,
  bHi: number,
  freq: Frequencies,
): number {
  let weight = NaN;
  let value = 0;
  let shared = false;
  for (let i = aLo; i < aHi; i++) {
    const x = av[i]!;
    if (!contains(bv, bLo, bHi, x)) continue;
    shared = true;
    if (freq.count(kind, x) > MAX_VALUE_FREQUENCY) continue;
    const w = agreeWeight(kind, x, freq);
    if (!(w <= weight)) {
      weight = w;
      value = x;
    }
  }
  bestValue = value;
  return shared && Number.isNaN(weight) ? -Infinity : weight;
}

/** Whether every entry in [lo, hi) of a 0/1 array is 1 (true for an empty range). */
function allSet(flags: Uint8Array, lo: number, hi: number): boolean {
  for (let i = lo; i < hi; i++) if (flags[i] === 0) return false;
  return true;
}

/**
 * scoreIdentities over packed identities: entry a of table A against entry b of table B. Allocates
 * nothing but the result unless asked to explain.
 */
export function scoreEntries(
  A: IdentityTable,
  a: number,
  B: IdentityTable,
  b: number,
  freq: Frequencies,
  texts: Interner,
  explain: boolean | 'weights' = false,
): PairScore {
  const av = A.vals;
  const bv = B.vals;
  const as = A.start;
  const bs = B.start;
  const ab = a * KINDS;
  const bb = b * KINDS;
  // Evidence only when explaining, and its texts only when asked for them: clustering scores millions
  // of pairs and needs neither.
  const evidence: Evidence[] = [];
  const texts_ = explain === true;
  const show = (t: IdentityTable, e: number, k: number) => showValues(t, e, k, texts);
  let score = 0;
  let veto: string | undefined;
  let hardwareAgree = false;

  // UUIDs: BIOS and VM UUIDs agree across kinds (tools label them differently) but only veto within a kind.
  // Stored side by side, the two kinds read as one list.
  let platformAgree = false;
  let uuidShared = false;
  {
    const aLo = as[ab + UUID]!;
    const aHi = as[ab + VMUUID + 1]!;
    const bLo = bs[bb + UUID]!;
    const bHi = bs[bb + VMUUID + 1]!;
    if (aHi > aLo && bHi > bLo) {
      const w = bestShared('uuid', av, aLo, aHi, bv, bLo, bHi, freq);
      const value = bestValue;
      uuidShared = !Number.isNaN(w);
      if (w > -Infinity) {
        score += w;
        hardwareAgree = platformAgree = true;
        if (explain) note(evidence, 'uuid', 'agree', w, texts_ ? valueText(texts, value) : '');
      }
    }
  }
  for (let s = 0; s < STRONG_VETO.length; s++) {
    const kind = STRONG_VETO[s]!;
    const k = KIND_INDEX[kind];
    const aLo = as[ab + k]!;
    const aHi = as[ab + k + 1]!;
    const bLo = bs[bb + k]!;
    const bHi = bs[bb + k + 1]!;
    if (aHi === aLo || bHi === bLo) continue;
    const isUuid = k === UUID || k === VMUUID;
    const w = bestShared(kind, av, aLo, aHi, bv, bLo, bHi, freq);
    const value = bestValue;
    if (!Number.isNaN(w)) {
      if (isUuid) continue; // counted above
      if (w > -Infinity) {
        score += w;
        hardwareAgree = platformAgree = true;
        if (explain) note(evidence, kind, 'agree', w, texts_ ? valueText(texts, value) : '');
      }
    } else if (!isUuid || !uuidShared) {
      veto ??= `different ${LABEL[kind]} (${show(A, a, k)} vs ${show(B, b, k)})`;
      if (explain)
        note(evidence, kind, 'veto', -Infinity, texts_ ? `${show(A, a, k)} vs ${show(B, b, k)}` : '');
    }
  }

  // Serial: exact agreement, a typo, or a veto — unless the platform identity (BIOS UUID, instance id)
  // agrees: then the serials are a conflict to report (a replaced mainboard, a mistyped asset), not two machines.
  {
    const aLo = as[ab + SERIAL]!;
    const aHi = as[ab + SERIAL + 1]!;
    const bLo = bs[bb + SERIAL]!;
    const bHi = bs[bb + SERIAL + 1]!;
    if (aHi > aLo && bHi > bLo) {
      const w = bestShared('serial', av, aLo, aHi, bv, bLo, bHi, freq);
      const value = bestValue;
      const versus = () => `${show(A, a, SERIAL)} vs ${show(B, b, SERIAL)}`;
      if (!Number.isNaN(w)) {
        if (w > -Infinity) {
          score += w;
          hardwareAgree = true;
          if (explain) note(evidence, 'serial', 'agree', w, texts_ ? valueText(texts, value) : '');
        }
      } else if (nearAny(av, aLo, aHi, bv, bLo, bHi, texts)) {
        score += NEAR_SERIAL_WEIGHT;
        if (explain)
          note(
            evidence,
            'serial',
            'near',
            NEAR_SERIAL_WEIGHT,
            texts_ ? `${show(A, a, SERIAL)} ~ ${show(B, b, SERIAL)}` : '',
          );
      } else if (platformAgree) {
        score += SERIAL_CONFLICT_WEIGHT;
        if (explain) note(evidence, 'serial', 'disagree', SERIAL_CONFLICT_WEIGHT, texts_ ? versus() : '');
      } else {
        veto ??= `different serial numbers (${versus()})`;
        if (explain) note(evidence, 'serial', 'veto', -Infinity, texts_ ? versus() : '');
      }
    }
  }

  // Correlation ids point at some strong identifier of the other side.
  const corrHit = corrAgreement(A, a, B, b) || corrAgreement(B, b, A, a);
  if (corrHit) {
    const w = agreeWeight('corr', corrHit, freq);
    score += w;
    hardwareAgree = true;
    if (explain) note(evidence, 'corr', 'agree', w, texts_ ? valueText(texts, corrHit) : '');
  }

  // MAC addresses.
  {
    const w = compareShared('mac', MAC, A, a, B, b, freq, texts, explain, evidence);
    score += w;
    if (sharedAgreed) hardwareAgree = true;
  }

  // Host names: a shared short name counts unless both sides place it in different DNS domains.
  let hostAgree = false;
  let hostDisagree = false;
  {
    const aLo = as[ab + HOST]!;
    const aHi = as[ab + HOST + 1]!;
    const bLo = bs[bb + HOST]!;
    const bHi = bs[bb + HOST + 1]!;
    if (aHi > aLo && bHi > bLo) {
      let bestW = NaN;
      let bestV = 0;
      let anyAgreeing = false;
      let clash = '';
      for (let i = aLo; i < aHi; i++) {
        const h = av[i]!;
        let j = bLo;
        while (j < bHi && bv[j] !== h) j++;
        if (j === bHi) continue;
        const da = A.dom[i]!;
        const db = B.dom[j]!;
        if (da && db && da !== db) {
          if (explain)
            clash = `${valueText(texts, h)}.${valueText(texts, da)} vs ${valueText(texts, h)}.${valueText(texts, db)}`;
          continue;
        }
        anyAgreeing = true;
        if (freq.count('host', h) > MAX_VALUE_FREQUENCY) continue;
        const w = agreeWeight('host', h, freq);
        if (!(w <= bestW)) {
          bestW = w;
          bestV = h;
        }
      }
      if (!Number.isNaN(bestW)) {
        hostAgree = true;
        score += bestW;
        if (explain) note(evidence, 'host', 'agree', bestW, texts_ ? valueText(texts, bestV) : '');
      } else if (!anyAgreeing) {
        const weak = allSet(A.weak, aLo, aHi) || allSet(B.weak, bLo, bHi);
        hostDisagree = !weak;
        const w = weak ? WEAK_HOST_DISAGREE : DISAGREE.host;
        score += w;
        if (explain)
          note(
            evidence,
            'host',
            'disagree',
            w,
            texts_ ? clash || `${show(A, a, HOST)} vs ${show(B, b, HOST)}` : '',
          );
      }
    }
  }

  // IP addresses.
  score += compareShared('ip', IP, A, a, B, b, freq, texts, explain, evidence);

  return { score: veto ? -Infinity : score, veto, evidence, hardwareAgree, hostAgree, hostDisagree };
}

/** Set by compareShared: whether the two sides shared a value. */
let sharedAgreed = false;

/**
 * One identifier kind compared on its own (MAC, IP): the agreement weight of the best shared value, or
 * the disagreement weight when both sides have values and share none, or 0 when either has none.
 */
function compareShared(
  kind: 'mac' | 'ip',
  k: number,
  A: IdentityTable,
  a: number,
  B: IdentityTable,
  b: number,
  freq: Frequencies,
  texts: Interner,
  explain: boolean | 'weights',
  evidence: Evidence[],
): number {
  sharedAgreed = false;
  const aLo = A.start[a * KINDS + k]!;
  const aHi = A.start[a * KINDS + k + 1]!;
  const bLo = B.start[b * KINDS + k]!;
  const bHi = B.start[b * KINDS + k + 1]!;
  if (aHi === aLo || bHi === bLo) return 0;
  const w = bestShared(kind, A.vals, aLo, aHi, B.vals, bLo, bHi, freq);
  const value = bestValue;
  const withTexts = explain === true;
  if (w > -Infinity) {
    sharedAgreed = true;
    if (explain) note(evidence, kind, 'agree', w, withTexts ? valueText(texts, value) : '');
    return w;
  }
  if (!Number.isNaN(w)) return 0;
  if (explain)
    note(
      evidence,
      kind,
      'disagree',
      DISAGREE[kind],
      withTexts ? `${showValues(A, a, k, texts)} vs ${showValues(B, b, k, texts)}` : '',
    );
  return DISAGREE[kind];
}

function note(evidence: Evidence[], kind: IdKind, outcome: Outcome, weight: number, detail: string): void {
  evidence.push({ kind, outcome, weight, detail });
}

function showValues(t: IdentityTable, e: number, k: number, texts: Interner): string {
  const lo = t.start[e * KINDS + k]!;
  const hi = t.start[e * KINDS + k + 1]!;
  let out = '';
  for (let i = lo; i < hi; i++) out += (i > lo ? '/' : '') + valueText(texts, t.vals[i]!);
  return out;
}

function nearAny(
  av: Int32Array,
  aLo: number,
  aHi: number,
  bv: Int32Array,
  bLo: number,
  bHi: number,
  texts: Interner,
): boolean {
  for (let i = aLo; i < aHi; i++)
    for (let j = bLo; j < bHi; j++)
      if (nearSerial(valueText(texts, av[i]!), valueText(texts, bv[j]!))) return true;
  return false;
}

/** The first correlation id of entry a that names a strong identifier (or correlation id) of entry b. */
function corrAgreement(A: IdentityTable, a: number, B: IdentityTable, b: number): number {
  const lo = A.start[a * KINDS + CORR]!;
  const hi = A.start[a * KINDS + CORR + 1]!;
  if (lo === hi) return 0;
  const bv = B.vals;
  const bb = b * KINDS;
  for (let i = lo; i < hi; i++) {
    const c = A.vals[i]!;
    if (
      contains(bv, B.start[bb + UUID]!, B.start[bb + UUID + 1]!, c) ||
      contains(bv, B.start[bb + VMUUID]!, B.start[bb + VMUUID + 1]!, c) ||
      contains(bv, B.start[bb + INST]!, B.start[bb + INST + 1]!, c) ||
      contains(bv, B.start[bb + VMID]!, B.start[bb + VMID + 1]!, c) ||
      contains(bv, B.start[bb + CORR]!, B.start[bb + CORR + 1]!, c)
    )
      return c;
  }
  return 0;
}

/**
 * Evidence as stored in match_evidence: [kind, outcome, weight rounded to 0.1 (null for a veto)] and the
 * detail when there is one, as JSON.
 */
export function evidenceJson(evidence: readonly Evidence[]): string {
  let out = '[';
  for (let i = 0; i < evidence.length; i++) {
    const x = evidence[i]!;
    const w = Number.isFinite(x.weight) ? String(Math.round(x.weight * 10) / 10) : 'null';
    if (i > 0) out += ',';
    out += `[${JSON.stringify(x.kind)},${JSON.stringify(x.outcome)},${w}`;
    out += x.detail ? `,${JSON.stringify(x.detail)}]` : ']';
  }
  return out + ']';
}
