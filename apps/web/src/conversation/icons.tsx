// @module The small line icons of the message actions (16 px grid, drawn with currentColor).

const common = {
  viewBox: '0 0 16 16',
  width: 15,
  height: 15,
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.5,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export function CopyIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.8" />
      <path d="M10.5 3.2A1.7 1.7 0 0 0 9 2.5H4.2a1.7 1.7 0 0 0-1.7 1.7V9a1.7 1.7 0 0 0 .7 1.4" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <path d="m3.5 8.5 3 3 6-7" />
    </svg>
  );
}

export function RegenerateIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <path d="M13 8a5 5 0 1 1-1.5-3.6" />
      <path d="M13 2.5v3h-3" />
    </svg>
  );
}

export function EditIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <path d="M10.5 3 13 5.5 6 12.5H3.5V10z" />
    </svg>
  );
}

export function ChevronIcon({ direction }: { direction: 'left' | 'right' }) {
  return (
    <svg aria-hidden="true" {...common}>
      <path d={direction === 'left' ? 'M10 3.5 5.5 8l4.5 4.5' : 'M6 3.5 10.5 8 6 12.5'} />
    </svg>
  );
}
