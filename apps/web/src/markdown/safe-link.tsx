import type { ComponentProps } from 'react';

/** Links streamdown could not finish yet (`[text](htt` mid-stream) carry this placeholder href. */
const incompleteLink = 'streamdown:incomplete-link';

/**
 * A link from model output: opens in a new tab without handing it `window.opener`, the referrer
 * or our ranking (`nofollow ugc`). rehype-harden has already replaced unsafe URLs, so what is
 * left is http(s) or mailto; anything else (or an unfinished link) renders as plain text.
 */
export function SafeLink({
  href,
  children,
  node: _node,
  ...props
}: ComponentProps<'a'> & { node?: unknown }) {
  if (!href || href === incompleteLink || !/^(https?:|mailto:)/i.test(href)) {
    return <span data-streamdown="link-text">{children}</span>;
  }
  return (
    <a
      {...props}
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow ugc"
      data-streamdown="link"
    >
      {children}
    </a>
  );
}
