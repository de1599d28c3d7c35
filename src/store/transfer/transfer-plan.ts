/**
 * What copying one session from a source store into a target store would do, decided from the two
 * records as read: copy (the target lacks the session, or holds an older prefix of its history),
 * nothing (the target holds it already), or refuse (the target holds more, or something else). The
 * source is compared in the form a store keeps it (cleaned of secrets and control characters), key
 * order aside, since PostgreSQL keeps JSON without it. Pure.
 */
import { cleanDeep, cleanStored } from '../../text/clean-text.js';
import type { Json, JsonObject } from '../json.js';
import type { DecisionResult, SessionRecord } from '../session-store.js';

export type TransferPlan =
  /** Rows after `fromSeq` are written, then the snapshot, overview, files, settings and decisions. */
  | { readonly kind: 'copy'; readonly fromSeq: number; readonly rows: number; readonly isNew: boolean }
  | { readonly kind: 'same'; readonly rows: number }
  | { readonly kind: 'refused'; readonly reason: string };

/** The gates' decisions each side holds: gate id → decision (absent: none recorded). */
export type Decisions = ReadonlyMap<string, DecisionResult['decision']>;

/** JSON with object keys sorted, so two stores' copies of one value compare equal. */
export function toCanonicalJson(value: Json | undefined): string {
  const sort = (item: Json): Json => {
    if (Array.isArray(item)) return item.map(sort);
    if (item === null || typeof item !== 'object') return item;
    return Object.fromEntries(
      Object.keys(item)
        .sort()
        .map((key) => [key, sort(item[key] ?? null)]),
    );
  };
  return value === undefined ? 'undefined' : JSON.stringify(sort(value));
}

const sameJson = (a: Json | undefined, b: Json | undefined): boolean =>
  toCanonicalJson(a) === toCanonicalJson(b);

const cleanText = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : cleanStored(text);

const cleanFiles = (files: Readonly<Record<string, string>>): JsonObject =>
  Object.fromEntries(Object.entries(files).map(([path, text]) => [path, cleanStored(text)]));

const setOf = (keys: readonly string[] | undefined): string[] => [...new Set(keys ?? [])].sort();

/** The parts besides the history that differ between the two copies, by name. */
function differingParts(source: SessionRecord, target: SessionRecord): string[] {
  const parts: [string, boolean][] = [
    ['snapshot', sameJson(cleanDeep(source.snapshot), target.snapshot)],
    ['overview', cleanText(source.overview) === target.overview],
    ['settings', sameJson(cleanDeep(source.settings), target.settings)],
    ['agent files', sameJson(cleanFiles(source.files), target.files)],
    ['notification keys', sameJson(setOf(source.notified), setOf(target.notified))],
  ];
  return parts.filter(([, isSame]) => !isSame).map(([name]) => name);
}

/** The gates a session's history names (the rows of human decisions). */
export function listGateIdsOfRows(rows: readonly { readonly row: JsonObject }[]): string[] {
  const ids = rows.flatMap(({ row }) => {
    const decision = row.decision;
    if (decision === null || typeof decision !== 'object' || Array.isArray(decision)) return [];
    const gateId = decision.gateId;
    return typeof gateId === 'string' ? [gateId] : [];
  });
  return [...new Set(ids)];
}

/** The first gate whose decision the target holds with other contents. */
function conflictingGate(source: Decisions, target: Decisions): string | undefined {
  for (const [gateId, decision] of source) {
    const held = target.get(gateId);
    if (held !== undefined && !sameJson(cleanDeep(decision), held)) return gateId;
  }
  return undefined;
}

/**
 * `source` and `target` hold every history row (read with `rows` ≥ `lastSeq`); `names` name the
 * two sides in messages ("the store", "the session folder").
 */
export function planTransfer(
  source: SessionRecord,
  target: SessionRecord | undefined,
  decisions: { readonly source: Decisions; readonly target: Decisions },
  names: { readonly from: string; readonly to: string },
): TransferPlan {
  const where = names.to;
  const rows = source.rows.length;
  const gate = conflictingGate(decisions.source, decisions.target);
  if (gate !== undefined)
    return {
      kind: 'refused',
      reason: `${where} holds another decision for the gate ${gate}; compare the two copies and remove the wrong one`,
    };
  // A lease taken on an absent session makes an empty one: nothing is in it yet.
  if (target === undefined || (target.rows.length === 0 && target.snapshot === undefined))
    return { kind: 'copy', fromSeq: 0, rows, isNew: true };
  const held = target.rows.length;
  if (held > rows)
    return {
      kind: 'refused',
      reason: `${where} holds ${held} history rows, ${names.from} ${rows}: ${where}'s copy is newer, so it is kept`,
    };
  const differs = target.rows.findIndex(
    (entry, index) => !sameJson(cleanDeep(source.rows[index]?.row), entry.row),
  );
  if (differs >= 0)
    return {
      kind: 'refused',
      reason: `history row ${differs + 1} differs from ${where}'s copy: they are two different sessions of one name, so neither is overwritten`,
    };
  if (held < rows) return { kind: 'copy', fromSeq: held, rows, isNew: false };
  const parts = differingParts(source, target);
  const missing = [...decisions.source.keys()].filter((gateId) => !decisions.target.has(gateId));
  if (parts.length === 0 && missing.length === 0) return { kind: 'same', rows };
  if (parts.length === 0) return { kind: 'copy', fromSeq: held, rows, isNew: false };
  return {
    kind: 'refused',
    reason: `${where} holds the same ${rows} history rows but another ${parts.join(', ')}; which is newer cannot be told, so neither is overwritten`,
  };
}
