import { describe, expect, it } from 'vitest';
import { Sequencer } from './sequencer';

describe('Sequencer', () => {
  it('drops everything before the first snapshot', () => {
    const s = new Sequencer();
    expect(s.message('units', 1)).toEqual({ action: 'drop', reason: 'awaiting-snapshot' });
  });

  it('applies messages in order after a snapshot', () => {
    const s = new Sequencer();
    s.snapshot('incidents', 10);
    expect(s.message('incidents', 11).action).toBe('apply');
    expect(s.message('incidents', 12).action).toBe('apply');
    expect(s.seqs().incidents).toBe(12);
  });

  it('drops and counts duplicates', () => {
    const s = new Sequencer();
    s.snapshot('alarms', 5);
    expect(s.message('alarms', 6).action).toBe('apply');
    expect(s.message('alarms', 6)).toEqual({ action: 'drop', reason: 'duplicate' });
    expect(s.message('alarms', 3)).toEqual({ action: 'drop', reason: 'duplicate' });
    expect(s.stats.duplicates).toBe(2);
    expect(s.message('alarms', 7).action).toBe('apply');
  });

  it('asks for a resync on a gap and drops the topic until the next snapshot', () => {
    const s = new Sequencer();
    s.snapshot('units', 100);
    const v = s.message('units', 103);
    expect(v.action).toBe('resync');
    expect(s.stats.gaps).toBe(1);
    expect(s.message('units', 104)).toEqual({ action: 'drop', reason: 'awaiting-snapshot' });
    // other topics keep going
    s.snapshot('cameras', 1);
    expect(s.message('cameras', 2).action).toBe('apply');
    s.snapshot('units', 110);
    expect(s.message('units', 111).action).toBe('apply');
  });

  it('awaits a snapshot on every topic after a disconnect', () => {
    const s = new Sequencer();
    s.snapshot('drainage', 1);
    s.snapshot('units', 1);
    s.disconnected();
    expect(s.awaiting('drainage')).toBe(true);
    expect(s.message('drainage', 2).action).toBe('drop');
    s.snapshot('drainage', 50);
    expect(s.message('drainage', 51).action).toBe('apply');
    expect(s.awaiting('units')).toBe(true);
  });
});
