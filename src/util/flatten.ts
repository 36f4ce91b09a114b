/**
 * Returns `s` as one contiguous string. V8 represents the result of concatenations (template literals,
 * `+`, and JSON.stringify, which assembles its output in parts) as a tree of pieces: a string built from
 * seven pieces costs about 300 bytes more than its text while it lives. Strings kept by the hundred
 * thousand until they are written (finding summaries and evidence) are flattened once: reading a
 * character of a tree makes V8 replace it by one flat copy, and the pieces become garbage.
 */
export function flatten(s: string): string {
  // Stored, so that an optimising compiler cannot drop the read as unused.
  if (s.length > 0) _lastRead = s.charCodeAt(0);
  return s;
}

let _lastRead = 0;
