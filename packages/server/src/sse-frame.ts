/**
 * One encoded protocol frame (`id: <seq>\ndata: <JSON>\n\n`): a string from `encodeEvent`, or the
 * bytes of a `text-delta` copied straight from the upstream chunk (`encodeDeltaFrame`).
 */
export type SseFrame = string | Uint8Array;
