import type { Identity, IdKind } from './identity.js';

/**
 * Fellegi-Sunter match weights over identities. Agreement on a value adds log2(m / u), where m is how
 * often the same CI agrees on that kind of identifier and u the chance that two different CIs share that
 * value (its frequency in the estate, floored so that small estates do not undervalue a unique serial).
 * Disagreement subtracts; on strong identifiers (serial, BIOS UUID, VM UUID, instance id, VM id) it is a
 * veto: two different serials are two different machines, whatever else they share.
 */

export interface Frequencies {
  /** How many records carry this value of this kind. */
  count(kind: IdKind, value: string): number;
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
export const DISAGREE: Partial<Record<IdKind, number>> = { mac: -6, host: -5, ip: -3 };
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

export function agreeWeight(kind: IdKind, value: string, freq: Frequencies): number {
  const n = Math.max(freq.total(kind), POPULATION_FLOOR);
  const f = Math.max(freq.count(kind, value), 1);
  return Math.log2((M[kind] * n) / f);
}

function shared(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const x of a) if (b.includes(x)) out.push(x);
  return out;
}

function bestAgreement(kind: IdKind, values: string[], freq: Frequencies): { weight: number; value: string } {
  let best = { weight: -Infinity, value: values[0]! };
  for (const v of values) {
    if (freq.count(kind, v) > MAX_VALUE_FREQUENCY) continue;
    const w = agreeWeight(kind, v, freq);
    if (w > best.weight) best = { weight: w, value: v };
  }
  return best;
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

const STRONG_VETO: readonly IdKind[] = ['uuid', 'vmuuid', 'inst', 'vmid'];

export function scoreIdentities(a: Identity, b: Identity, freq: Frequencies): PairScore {
  const evidence: Evidence[] = [];
  let score = 0;
  let veto: string | undefined;
  let hardwareAgree = false;

  // UUIDs: BIOS and VM UUIDs agree across kinds (tools label them differently) but only veto within a kind.
  const aU = a.uuid.concat(a.vmuuid);
  const bU = b.uuid.concat(b.vmuuid);
  const commonU = aU.length && bU.length ? shared(aU, bU) : [];
  let platformAgree = false;
  if (commonU.length > 0) {
    const best = bestAgreement('uuid', commonU, freq);
    if (best.weight > -Infinity) {
      score += best.weight;
      hardwareAgree = platformAgree = true;
      evidence.push({ kind: 'uuid', outcome: 'agree', weight: best.weight, detail: best.value });
    }
  }
  for (const kind of STRONG_VETO) {
    const x = a[kind];
    const y = b[kind];
    if (x.length === 0 || y.length === 0) continue;
    const common = shared(x, y);
    if (common.length > 0) {
      if (kind === 'uuid' || kind === 'vmuuid') continue; // counted above
      const best = bestAgreement(kind, common, freq);
      if (best.weight > -Infinity) {
        score += best.weight;
        hardwareAgree = platformAgree = true;
        evidence.push({ kind, outcome: 'agree', weight: best.weight, detail: best.value });
      }
    } else if (!(kind === 'uuid' || kind === 'vmuuid') || commonU.length === 0) {
      veto ??= `different ${LABEL[kind]} (${x.join('/')} vs ${y.join('/')})`;
      evidence.push({ kind, outcome: 'veto', weight: -Infinity, detail: `${x.join('/')} vs ${y.join('/')}` });
    }
  }

  // Serial: exact agreement, a typo, or a veto — unless the platform identity (BIOS UUID, instance id)
  // agrees: then the serials are a conflict to report (a replaced mainboard, a mistyped asset), not two machines.
  if (a.serial.length > 0 && b.serial.length > 0) {
    const common = shared(a.serial, b.serial);
    if (common.length > 0) {
      const best = bestAgreement('serial', common, freq);
      if (best.weight > -Infinity) {
        score += best.weight;
        hardwareAgree = true;
        evidence.push({ kind: 'serial', outcome: 'agree', weight: best.weight, detail: best.value });
      }
    } else if (a.serial.some((x) => b.serial.some((y) => nearSerial(x, y)))) {
      score += NEAR_SERIAL_WEIGHT;
      evidence.push({
        kind: 'serial',
        outcome: 'near',
        weight: NEAR_SERIAL_WEIGHT,
        detail: `${a.serial.join('/')} ~ ${b.serial.join('/')}`,
      });
    } else if (platformAgree) {
      score += SERIAL_CONFLICT_WEIGHT;
      evidence.push({
        kind: 'serial',
        outcome: 'disagree',
        weight: SERIAL_CONFLICT_WEIGHT,
        detail: `${a.serial.join('/')} vs ${b.serial.join('/')}`,
      });
    } else {
      veto ??= `different serial numbers (${a.serial.join('/')} vs ${b.serial.join('/')})`;
      evidence.push({
        kind: 'serial',
        outcome: 'veto',
        weight: -Infinity,
        detail: `${a.serial.join('/')} vs ${b.serial.join('/')}`,
      });
    }
  }

  // Correlation ids point at some strong identifier of the other side.
  const corrHit = corrAgreement(a, b) ?? corrAgreement(b, a);
  if (corrHit) {
    const w = agreeWeight('corr', corrHit, freq);
    score += w;
    hardwareAgree = true;
    evidence.push({ kind: 'corr', outcome: 'agree', weight: w, detail: corrHit });
  }

  // MAC addresses.
  if (a.mac.length > 0 && b.mac.length > 0) {
    const common = shared(a.mac, b.mac);
    const best = common.length ? bestAgreement('mac', common, freq) : undefined;
    if (best && best.weight > -Infinity) {
      score += best.weight;
      hardwareAgree = true;
      evidence.push({ kind: 'mac', outcome: 'agree', weight: best.weight, detail: best.value });
    } else if (!best) {
      score += DISAGREE.mac!;
      evidence.push({
        kind: 'mac',
        outcome: 'disagree',
        weight: DISAGREE.mac!,
        detail: `${a.mac.join('/')} vs ${b.mac.join('/')}`,
      });
    }
  }

  // Host names: a shared short name counts unless both sides place it in different DNS domains.
  let hostAgree = false;
  let hostDisagree = false;
  if (a.host.length > 0 && b.host.length > 0) {
    const agreeing: string[] = [];
    let domainClash = '';
    for (let i = 0; i < a.host.length; i++) {
      const j = b.host.indexOf(a.host[i]!);
      if (j < 0) continue;
      const da = a.domain[i];
      const db = b.domain[j];
      if (da && db && da !== db) domainClash = `${a.host[i]}.${da} vs ${b.host[j]}.${db}`;
      else agreeing.push(a.host[i]!);
    }
    const best = agreeing.length ? bestAgreement('host', agreeing, freq) : undefined;
    if (best && best.weight > -Infinity) {
      hostAgree = true;
      score += best.weight;
      evidence.push({ kind: 'host', outcome: 'agree', weight: best.weight, detail: best.value });
    } else if (agreeing.length === 0) {
      const weak = a.hostWeak.every(Boolean) || b.hostWeak.every(Boolean);
      hostDisagree = !weak;
      const w = weak ? WEAK_HOST_DISAGREE : DISAGREE.host!;
      score += w;
      evidence.push({
        kind: 'host',
        outcome: 'disagree',
        weight: w,
        detail: domainClash || `${a.host.join('/')} vs ${b.host.join('/')}`,
      });
    }
  }

  // IP addresses.
  if (a.ip.length > 0 && b.ip.length > 0) {
    const common = shared(a.ip, b.ip);
    const best = common.length ? bestAgreement('ip', common, freq) : undefined;
    if (best && best.weight > -Infinity) {
      score += best.weight;
      evidence.push({ kind: 'ip', outcome: 'agree', weight: best.weight, detail: best.value });
    } else if (!best) {
      score += DISAGREE.ip!;
      evidence.push({
        kind: 'ip',
        outcome: 'disagree',
        weight: DISAGREE.ip!,
        detail: `${a.ip.join('/')} vs ${b.ip.join('/')}`,
      });
    }
  }

  return { score: veto ? -Infinity : score, veto, evidence, hardwareAgree, hostAgree, hostDisagree };
}

const LABEL: Record<string, string> = {
  uuid: 'BIOS UUIDs',
  vmuuid: 'VM UUIDs',
  inst: 'cloud instance ids',
  vmid: 'hypervisor VM ids',
};

function corrAgreement(a: Identity, b: Identity): string | undefined {
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
  return undefined;
}
