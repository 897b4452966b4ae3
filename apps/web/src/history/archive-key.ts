/** The localStorage key of the past conversations; the suffix changes if their shape ever does. */
export const ARCHIVE_KEY = 'tokenwire:conversations:v1';
