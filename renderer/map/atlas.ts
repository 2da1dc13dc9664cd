/**
 * Unit icons drawn once to a canvas at start-up (no image file, nothing fetched): one shape
 * per unit kind pointing north, solid and hollow (stale). Drawn white and used as masks, so
 * deck.gl tints them with the status colour and rotates them to the heading.
 */
import { UNIT_KINDS, type UnitKind } from '../../shared/protocol';

const CELL = 64;

export interface IconDef {
  x: number;
  y: number;
  width: number;
  height: number;
  mask: boolean;
}

function shape(ctx: CanvasRenderingContext2D, kind: UnitKind): void {
  ctx.beginPath();
  switch (kind) {
    case 'car': // broad arrow
      ctx.moveTo(32, 4);
      ctx.lineTo(56, 58);
      ctx.lineTo(32, 46);
      ctx.lineTo(8, 58);
      break;
    case 'motorcycle': // slim dart
      ctx.moveTo(32, 4);
      ctx.lineTo(46, 60);
      ctx.lineTo(32, 50);
      ctx.lineTo(18, 60);
      break;
    case 'foot': // disc with a pointer
      ctx.moveTo(32, 4);
      ctx.lineTo(44, 22);
      ctx.arc(32, 38, 20, -Math.PI / 3.4, Math.PI + Math.PI / 3.4, false);
      ctx.lineTo(20, 22);
      break;
    case 'special': // diamond with a nose
      ctx.moveTo(32, 2);
      ctx.lineTo(54, 34);
      ctx.lineTo(32, 62);
      ctx.lineTo(10, 34);
      break;
  }
  ctx.closePath();
}

export function unitIconName(kind: number, stale: boolean): string {
  return `${UNIT_KINDS[kind] ?? 'car'}${stale ? '-stale' : ''}`;
}

export function buildUnitAtlas(): { atlas: HTMLCanvasElement; mapping: Record<string, IconDef> } {
  const canvas = document.createElement('canvas');
  canvas.width = CELL * UNIT_KINDS.length;
  canvas.height = CELL * 2;
  const ctx = canvas.getContext('2d')!;
  const mapping: Record<string, IconDef> = {};
  UNIT_KINDS.forEach((kind, i) => {
    for (const stale of [false, true]) {
      const x = i * CELL;
      const y = stale ? CELL : 0;
      ctx.save();
      ctx.translate(x, y);
      shape(ctx, kind);
      ctx.lineJoin = 'round';
      if (stale) {
        ctx.lineWidth = 7;
        ctx.strokeStyle = '#fff';
        ctx.stroke();
      } else {
        ctx.fillStyle = '#fff';
        ctx.fill();
      }
      ctx.restore();
      mapping[unitIconName(i, stale)] = { x, y, width: CELL, height: CELL, mask: true };
    }
  });
  return { atlas: canvas, mapping };
}
