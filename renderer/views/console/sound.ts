/**
 * The console's audible cue for a new critical alarm: a short two-tone chime made with
 * WebAudio (no audio file to ship). Browsers start audio only after a user gesture, so the
 * first cue after loading may be silent until the officer has touched the console once.
 */
let ctx: AudioContext | null = null;
let lastAt = 0;

export function playCriticalCue(): void {
  const now = performance.now();
  // One cue per two seconds at most: a burst of alarms is one chime, not a siren.
  if (now - lastAt < 2000) return;
  lastAt = now;
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
    const t = ctx.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.3, t + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.25 + 0.22);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t + i * 0.25);
      osc.stop(t + i * 0.25 + 0.25);
    }
  } catch {
    // No audio device: the visual queue still shows the alarm.
  }
}
