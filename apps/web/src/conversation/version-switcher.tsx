import type { MessageVersions } from '../versions/index.js';
import { ChevronIcon } from './icons.js';

export interface VersionSwitcherProps {
  versions: MessageVersions;
  /** Shows the version `step` away (−1 previous, +1 next). */
  onSwitch: (step: number) => void;
}

/** "‹ 2 / 2 ›": pages through the versions of a message (regenerated answers, edited messages). */
export function VersionSwitcher({ versions, onSwitch }: VersionSwitcherProps) {
  const { index, count } = versions;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would need a form around it; a labelled group is what this is.
    <div className="version-switcher" role="group" aria-label="Versions">
      <button
        type="button"
        className="message-action"
        aria-label="Previous version"
        title="Previous version"
        disabled={index <= 1}
        onClick={() => onSwitch(-1)}
      >
        <ChevronIcon direction="left" />
      </button>
      <span className="version-counter">{`${index} / ${count}`}</span>
      <button
        type="button"
        className="message-action"
        aria-label="Next version"
        title="Next version"
        disabled={index >= count}
        onClick={() => onSwitch(+1)}
      >
        <ChevronIcon direction="right" />
      </button>
    </div>
  );
}
