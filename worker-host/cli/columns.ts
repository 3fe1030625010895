import type { ModeResult, Phase } from '../protocol/report';
import { formatBytes, formatMs } from './units';

/** The columns the table and Markdown outputs share: one row per mode, phase medians in milliseconds. */
export interface Column {
  header: string;
  align: 'left' | 'right';
  cell(result: ModeResult): string;
}

const phase = (header: string, key: Phase | 'total'): Column => ({
  header,
  align: 'right',
  cell: (result) => formatMs(result.timings?.[key].median),
});

export const COLUMNS: Column[] = [
  { header: 'mode', align: 'left', cell: (r) => r.mode },
  { header: 'status', align: 'left', cell: (r) => (r.status === 'ok' ? 'ok' : `✗ ${r.error?.kind ?? 'error'}`) },
  phase('serialize', 'serialize'),
  phase('transfer', 'transfer'),
  phase('deserialize', 'deserialize'),
  phase('run', 'run'),
  phase('res.ser', 'resultSerialize'),
  phase('res.xfer', 'resultTransfer'),
  phase('res.deser', 'resultDeserialize'),
  phase('total ms', 'total'),
  { header: 'cold ms', align: 'right', cell: (r) => formatMs(r.cold?.total) },
  { header: 'task', align: 'right', cell: (r) => formatBytes(r.bytes?.task ?? r.failedRound?.bytes.task) },
  { header: 'result', align: 'right', cell: (r) => formatBytes(r.bytes?.result) },
];
