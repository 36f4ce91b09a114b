import { type Identity, type IdKind, type Interner, valueText } from './identity.js';

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

/** The best agreement weight among values both sides have, or NaN when they share none usable. */
function bestShared(
  kind: IdKind,
  a: readonly number[],
  b: readonly number[],
  freq: Frequencies,
): { weight: number; value: number } {
  let weight = NaN;
  let value = 0;
  let shared = false;
  for (const x of a) {
    if (!b.includes(x)) continue;
    shared = true;
    if (freq.count(kind, x) > MAX_VALUE_FREQUENCY) continue;
    const w = agreeWeight(kind, x, freq);
    if (!(w <= weight)) {
      weight = w;
      value = x;
    }
  }
  return { weight: shared && Number.isNaN(weight) ? -Infinity : weight, value };
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
  const evidence: Evidence[] = [];
  const show = (values: readonly number[]) => values.map((v) => valueText(texts, v)).join('/');
  const note = (kind: IdKind, outcome: Outcome, weight: number, detail: () => string) => {
    if (explain) evidence.push({ kind, outcome, weight, detail: explain === 'weights' ? '' : detail() });
  };
  let score = 0;
  let veto: string | undefined;
  let hardwareAgree = false;

  // UUIDs: BIOS and VM UUIDs agree across kinds (tools label them differently) but only veto within a kind.
  let platformAgree = false;
  const aU = a.vmuuid.length ? a.uuid.concat(a.vmuuid) : a.uuid;
  const bU = b.vmuuid.length ? b.uuid.concat(b.vmuuid) : b.uuid;
  let uuidShared = false;
  if (aU.length && bU.length) {
    const best = bestShared('uuid', aU, bU, freq);
    uuidShared = !Number.isNaN(best.weight);
    if (best.weight > -Infinity) {
      score += best.weight;
      hardwareAgree = platformAgree = true;
      note('uuid', 'agree', best.weight, () => valueText(texts, best.value));
    }
  }
  for (const kind of STRONG_VETO) {
    const x = a[kind];
    const y = b[kind];
    if (x.length === 0 || y.length === 0) continue;
    const best = bestShared(kind, x, y, freq);
    if (!Number.isNaN(best.weight)) {
      if (kind === 'uuid' || kind === 'vmuuid') continue; // counted above
      if (best.weight > -Infinity) {
        score += best.weight;
        hardwareAgree = platformAgree = true;
        note(kind, 'agree', best.weight, () => valueText(texts, best.value));
      }
    } else if (!(kind === 'uuid' || kind === 'vmuuid') || !uuidShared) {
      veto ??= `different ${LABEL[kind]} (${show(x)} vs ${show(y)})`;
      note(kind, 'veto', -Infinity, () => `${show(x)} vs ${show(y)}`);
    }
  }

  // Serial: exact agreement, a typo, or a veto — unless the platform identity (BIOS UUID, instance id)
  // agrees: then the serials are a conflict to report (a replaced mainboard, a mistyped asset), not two machines.
  if (a.serial.length > 0 && b.serial.length > 0) {
    const best = bestShared('serial', a.serial, b.serial, freq);
    if (!Number.isNaN(best.weight)) {
      if (best.weight > -Infinity) {
        score += best.weight;
        hardwareAgree = true;
        note('serial', 'agree', best.weight, () => valueText(texts, best.value));
      }
    } else if (
      a.serial.some((x) => b.serial.some((y) => nearSerial(valueText(texts, x), valueText(texts, y))))
    ) {
      score += NEAR_SERIAL_WEIGHT;
      note('serial', 'near', NEAR_SERIAL_WEIGHT, () => `${show(a.serial)} ~ ${show(b.serial)}`);
    } else if (platformAgree) {
      score += SERIAL_CONFLICT_WEIGHT;
      note('serial', 'disagree', SERIAL_CONFLICT_WEIGHT, () => `${show(a.serial)} vs ${show(b.serial)}`);
    } else {
      veto ??= `different serial numbers (${show(a.serial)} vs ${show(b.serial)})`;
      note('serial', 'veto', -Infinity, () => `${show(a.serial)} vs ${show(b.serial)}`);
    }
  }

  // Correlation ids point at some strong identifier of the other side.
  const corrHit = corrAgreement(a, b) || corrAgreement(b, a);
  if (corrHit) {
    const w = agreeWeight('corr', corrHit, freq);
    score += w;
    hardwareAgree = true;
    note('corr', 'agree', w, () => valueText(texts, corrHit));
  }

  // MAC addresses.
  if (a.mac.length > 0 && b.mac.length > 0) {
    const best = bestShared('mac', a.mac, b.mac, freq);
    if (best.weight > -Infinity) {
      score += best.weight;
      hardwareAgree = true;
      note('mac', 'agree', best.weight, () => valueText(texts, best.value));
    } else if (Number.isNaN(best.weight)) {
      score += DISAGREE.mac;
      note('mac', 'disagree', DISAGREE.mac, () => `${show(a.mac)} vs ${show(b.mac)}`);
    }
  }

  // Host names: a shared short name counts unless both sides place it in different DNS domains.
  let hostAgree = false;
  let hostDisagree = false;
  if (a.host.length > 0 && b.host.length > 0) {
    let bestW = NaN;
    let bestV = 0;
    let anyAgreeing = false;
    let clash = '';
    for (let i = 0; i < a.host.length; i++) {
      const h = a.host[i]!;
      const j = b.host.indexOf(h);
      if (j < 0) continue;
      const da = a.domain[i];
      const db = b.domain[j];
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
      note('host', 'agree', bestW, () => valueText(texts, bestV));
    } else if (!anyAgreeing) {
      const weak = a.hostWeak.every(Boolean) || b.hostWeak.every(Boolean);
      hostDisagree = !weak;
      const w = weak ? WEAK_HOST_DISAGREE : DISAGREE.host;
      score += w;
      note('host', 'disagree', w, () => clash || `${show(a.host)} vs ${show(b.host)}`);
    }
  }

  // IP addresses.
  if (a.ip.length > 0 && b.ip.length > 0) {
    const best = bestShared('ip', a.ip, b.ip, freq);
    if (best.weight > -Infinity) {
      score += best.weight;
      note('ip', 'agree', best.weight, () => valueText(texts, best.value));
    } else if (Number.isNaN(best.weight)) {
      score += DISAGREE.ip;
      note('ip', 'disagree', DISAGREE.ip, () => `${show(a.ip)} vs ${show(b.ip)}`);
    }
  }

  return { score: veto ? -Infinity : score, veto, evidence, hardwareAgree, hostAgree, hostDisagree };
}

function corrAgreement(a: Identity, b: Identity): number {
  for (const c of a.corr) {
    if (
      b.uuid.includes(c) ||
      b.vmuuid.includes(c) ||
      b.inst.includes(c) ||
      b.vmid.includes(c) ||
      b.corr.includes(c)
    )
      return c;
  }
  return 0;
}
