import { resultOf, type BenchRow } from './rows.ts';
import { fmt } from './stats.ts';

const HEADER = ['benchmark', 'measured', 'baseline', 'ratio', 'goal', 'result'];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The markdown table, then the notes rows carry (numbered). */
export function renderTable(rows: readonly BenchRow[]): string {
  const notes: string[] = [];
  const lines = [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    let name = row.benchmark;
    if (row.note) {
      notes.push(row.note);
      name += ` [${notes.length}]`;
    }
    const goal = row.goalText ?? (row.goal ? `${row.goal.op} ${row.goal.value}` : '—');
    const ratio = row.ratio === undefined || !Number.isFinite(row.ratio) ? '—' : fmt.ratio(row.ratio);
    lines.push(`| ${[name, row.measured, row.baseline, ratio, goal, resultOf(row)].map(cell).join(' | ')} |`);
  }
  return [...lines, '', ...notes.map((note, i) => `[${i + 1}] ${note}`)].join('\n');
}
