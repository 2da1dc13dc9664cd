/**
 * The unit layer: deck.gl's IconLayer whose vertex shader glides each icon from where it was
 * drawn to its newly reported position (see UnitMotion in motion.ts for the bookkeeping).
 * Per instance it reads the glide's start point and start time next to the usual position
 * (the target); the clock is a uniform set at draw time from `glideClock`. A frame while
 * units glide therefore re-uploads nothing and runs no accessor: the frame loop only asks
 * the layer to redraw (`setNeedsRedraw`). Attributes change only with a new layer instance
 * carrying new binary attribute objects (one per batch). Only billboard icons (the default)
 * glide: the hook below replaces the anchor's clip position.
 */
import type { DefaultProps } from '@deck.gl/core';
import { IconLayer, type IconLayerProps } from '@deck.gl/layers';
import type { ShaderModule } from '@luma.gl/shadertools';

interface GlideUniformProps {
  /** Milliseconds since the glide epoch. */
  now: number;
  durationMs: number;
}

const glideUniformBlock = `\
layout(std140) uniform glideUniforms {
  float now;
  float durationMs;
} glide;
`;

/** The glide clock as a uniform block (deck.gl 9 / luma.gl 9 shader module). */
export const glideUniforms = {
  name: 'glide',
  vs: glideUniformBlock,
  uniformTypes: { now: 'f32', durationMs: 'f32' },
} as const satisfies ShaderModule<GlideUniformProps>;

export interface GlideProps {
  /** performance.now() of glide time 0 (UnitMotion.epoch). */
  glideEpoch: number;
  glideDurationMs: number;
  /** The clock read at every draw (picking included); performance.now() by default. */
  glideClock: () => number;
  /**
   * Binary start points and start times, as `{ value, size }`, passed through
   * `data.attributes.getGlideFrom` / `getGlideStart` like any deck.gl binary attribute.
   */
  getGlideFrom?: unknown;
  getGlideStart?: unknown;
}

const defaultProps: DefaultProps<GlideProps> = {
  glideEpoch: 0,
  glideDurationMs: 1000,
  glideClock: { type: 'function', value: () => performance.now() },
  // Without binary values: no glide (start long ago, at the target).
  getGlideFrom: { type: 'accessor', value: [0, 0] },
  getGlideStart: { type: 'accessor', value: -1e9 },
};

export type GlidingIconLayerProps<D> = IconLayerProps<D> & Partial<GlideProps>;

export class GlidingIconLayer<D = unknown> extends IconLayer<D, Required<GlideProps>> {
  static override layerName = 'GlidingIconLayer';
  static override defaultProps = defaultProps as never;

  override getShaders() {
    const shaders = super.getShaders();
    return {
      ...shaders,
      modules: [...shaders.modules, glideUniforms],
      inject: {
        ...shaders.inject,
        'vs:#decl': `${shaders.inject?.['vs:#decl'] ?? ''}
in vec2 instanceGlideFrom;
in float instanceGlideStart;
`,
        // Billboard icons: the clip position of the anchor is replaced by that of the glided
        // point before the pixel offset is added (the icon layer's own order). Hook functions
        // precede the layer's own declarations, so the target is read from the geometry
        // (worldPosition = instancePositions). Runs before picking's hook so picking depth
        // uses the glided point too.
        'vs:DECKGL_FILTER_GL_POSITION': {
          order: -100,
          injection: `
  float glideT = clamp((glide.now - instanceGlideStart) / glide.durationMs, 0.0, 1.0);
  vec3 glidePosition = vec3(mix(instanceGlideFrom, geometry.worldPosition.xy, glideT), geometry.worldPosition.z);
  position = project_position_to_clipspace(glidePosition, vec3(0.0), vec3(0.0), geometry.position);
`,
        },
      },
    };
  }

  override initializeState() {
    super.initializeState();
    this.getAttributeManager()!.addInstanced({
      instanceGlideFrom: { size: 2, accessor: 'getGlideFrom', defaultValue: [0, 0] },
      instanceGlideStart: { size: 1, accessor: 'getGlideStart', defaultValue: -1e9 },
    });
  }

  override draw(opts: { uniforms: unknown }) {
    const { glideClock, glideEpoch, glideDurationMs } = this.props;
    const model = this.state.model;
    if (model) model.shaderInputs.setProps({ glide: { now: glideClock() - glideEpoch, durationMs: glideDurationMs } satisfies GlideUniformProps });
    super.draw(opts as never);
  }
}
