/** The localStorage key of the saved conversation; the suffix changes if its shape ever does. */
export const CONVERSATION_KEY = 'tokenwire:conversation:v1';
