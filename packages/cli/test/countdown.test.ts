import { describe, expect, it } from 'vitest';
import { startCountdown } from '../src/grant/countdown.ts';
import { captureIo } from './helpers.ts';

describe('waiting indicator', () => {
  it('draws the time left on a terminal and erases it when stopped', () => {
    const io = { ...captureIo('/'), stderrIsTTY: true };
    let err = '';
    io.stderr = { write: (t: string) => (err += t) };
    const stop = startCountdown(io, Date.now() + 125_000, 'Waiting…');
    expect(err).toMatch(/^\r\x1b\[2KWaiting… 2:0[45] left$/);
    stop();
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal (logs, CI)', () => {
    const io = captureIo('/');
    startCountdown(io, Date.now() + 60_000, 'Waiting…')();
    expect(io.err()).toBe('');
  });
});
