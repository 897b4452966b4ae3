export { createMarkerScanner, type MarkerScanner } from './create-marker-scanner.js';
export { createSequenceFinder, type SequenceFinder } from './create-sequence-finder.js';
export { FRAMINGS, type Framing, type FramingSpec } from './framings.js';
export { tokenText } from './token-text.js';
