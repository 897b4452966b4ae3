import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How close to the bottom (px) still counts as "at the latest": absorbs rounding and margins. */
const BOTTOM_SLACK = 32;

/**
 * "Jump to latest" floats over the bottom of the view. It is offered only once the last line of
 * text starts below the view (its bottom more than a line height, px, past the view's bottom
 * edge), so wherever it shows, it cannot cover that line.
 */
const LINE_CLEARANCE = 28;

export interface FollowScroll {
  /** True while the view sticks to the newest text; false once the reader scrolled up. */
  isFollowing: boolean;
  /** True when the view does not follow and the end is out of sight: offer "Jump to latest". */
  isEndHidden: boolean;
  /** Scrolls to the bottom and follows again (the "Jump to latest" control, a new message). */
  jumpToLatest: () => void;
}

/**
 * Keeps a scroll container pinned to its bottom while its content grows, until the reader
 * scrolls up; scrolling back down (or `jumpToLatest`) resumes following.
 *
 * @param scroller the element that scrolls
 * @param content the element inside it whose growth should be followed
 * @param revision changes whenever the content may have changed size (for runtimes without ResizeObserver)
 * @param findEnd the element holding the last line of text (default: the content's end)
 */
export function useFollowScroll(
  scroller: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  revision: unknown,
  findEnd?: () => Element | null | undefined,
): FollowScroll {
  const [isFollowing, setFollowing] = useState(true);
  const followingRef = useRef(true);
  const [isEndHidden, setEndHidden] = useState(false);
  const endHiddenRef = useRef(false);
  const findEndRef = useRef(findEnd);
  findEndRef.current = findEnd;

  const measureEnd = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const view = element.getBoundingClientRect();
    const end = findEndRef.current?.();
    // Without layout (jsdom) every rectangle is empty: fall back to the scroll distance.
    const hidden =
      end && view.height > 0
        ? end.getBoundingClientRect().bottom - view.bottom > LINE_CLEARANCE
        : element.scrollHeight - element.scrollTop - element.clientHeight > BOTTOM_SLACK;
    if (hidden === endHiddenRef.current) return;
    endHiddenRef.current = hidden;
    setEndHidden(hidden);
  }, [scroller]);

  const setFollow = useCallback((value: boolean) => {
    followingRef.current = value;
    setFollowing(value);
  }, []);

  const pinToBottom = useCallback(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [scroller]);

  const jumpToLatest = useCallback(() => {
    setFollow(true);
    pinToBottom();
  }, [pinToBottom, setFollow]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    let lastTop = element.scrollTop;
    const onScroll = () => {
      const top = element.scrollTop;
      const hasMovedUp = top < lastTop;
      lastTop = top;
      const distance = element.scrollHeight - top - element.clientHeight;
      if (distance <= BOTTOM_SLACK) {
        if (!followingRef.current) setFollow(true);
      } else if (hasMovedUp && followingRef.current) {
        // Only a move upwards means the reader left: content that grew below a pinned view (a
        // new turn rendered right after `jumpToLatest`, before the ResizeObserver pins it) also
        // leaves the bottom, and must not stop the following.
        setFollow(false);
      }
      measureEnd();
    };
    // A wheel or touch gesture upwards means "let me read": stop following at once, even before
    // the scroll position leaves the bottom slack (the stream would otherwise pull the view back).
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY < 0 && followingRef.current) setFollow(false);
    };
    let touchY = 0;
    const onTouchStart = (event: TouchEvent) => {
      touchY = event.touches[0]?.clientY ?? 0;
    };
    const onTouchMove = (event: TouchEvent) => {
      const y = event.touches[0]?.clientY ?? 0;
      if (y > touchY && followingRef.current) setFollow(false);
      touchY = y;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    element.addEventListener('wheel', onWheel, { passive: true });
    element.addEventListener('touchstart', onTouchStart, { passive: true });
    element.addEventListener('touchmove', onTouchMove, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('touchstart', onTouchStart);
      element.removeEventListener('touchmove', onTouchMove);
    };
  }, [scroller, setFollow, measureEnd]);

  // Content also grows without React (a code block's highlighting arrives later), so its size is
  // watched; the observer fires after layout and before paint, so the view never lags a frame.
  useEffect(() => {
    const element = content.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (followingRef.current) pinToBottom();
      else measureEnd();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [content, pinToBottom, measureEnd]);

  // Where ResizeObserver is missing (jsdom), follow `revision` instead. Browsers skip this: reading
  // scrollHeight right after React's DOM writes would force a layout on every streamed frame.
  useLayoutEffect(() => {
    if (typeof ResizeObserver === 'undefined' && followingRef.current) pinToBottom();
  }, [revision, pinToBottom]);

  return { isFollowing, isEndHidden, jumpToLatest };
}
