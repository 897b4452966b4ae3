// @module Vitest base config: workspace packages resolve to their TypeScript source, no build needed.
import { defaultClientConditions, defaultServerConditions } from 'vite';

/** The export condition every workspace package maps to its `src/` entry. */
export const sourceCondition = '@tokenwire/source';

/**
 * Vitest/Vite settings shared by every workspace, to spread into `defineConfig`.
 * Vite replaces its default conditions when `conditions` is set, so the defaults are kept here.
 */
export const sourceConfig = {
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
};
