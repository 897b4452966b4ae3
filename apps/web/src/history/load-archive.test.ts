import { describe, expect, it } from 'vitest';
import { ARCHIVE_KEY } from './archive-key.js';
import type { ArchivedConversation } from './archived-conversation.js';
import { loadArchive } from './load-archive.js';
import { saveArchive } from './save-archive.js';
import { titleOf } from './title-of.js';

const entry: ArchivedConversation = {
  id: 'c1',
  title: 'What is SSE?',
  updatedAt: 1_700_000_000_000,
  messages: [
    { id: 'u1', role: 'user', content: 'What is SSE?' },
    { id: 'a2', role: 'assistant', content: 'Events over HTTP.', status: 'done' },
  ],
  tree: {
    order: [
      ['u1', ''],
      ['a1', 'u1'],
      ['a2', 'u1'],
    ],
    versions: [{ id: 'a1', role: 'assistant', content: 'An older answer.', status: 'done' }],
  },
};

describe('loadArchive', () => {
  it('restores exactly what saveArchive stored, versions included', () => {
    expect(saveArchive(localStorage, [entry])).toBe(true);
    expect(loadArchive(localStorage)).toEqual([entry]);
  });

  it('drops entries that are not conversations and survives garbage', () => {
    localStorage.setItem(
      ARCHIVE_KEY,
      JSON.stringify([null, { id: 'x' }, { ...entry, messages: [] }, { ...entry, tree: 7 }]),
    );
    expect(loadArchive(localStorage)).toEqual([{ ...entry, tree: undefined }]);
    localStorage.setItem(ARCHIVE_KEY, '{not json');
    expect(loadArchive(localStorage)).toEqual([]);
    expect(loadArchive(undefined)).toEqual([]);
  });

  it('an empty list removes the key', () => {
    saveArchive(localStorage, [entry]);
    saveArchive(localStorage, []);
    expect(localStorage.getItem(ARCHIVE_KEY)).toBeNull();
  });
});

describe('titleOf', () => {
  it('is the first question on one line, shortened with an ellipsis', () => {
    expect(titleOf(entry.messages)).toBe('What is SSE?');
    const long = `${'word '.repeat(30)}end`;
    const title = titleOf([{ id: 'u', role: 'user', content: `  ${long}\n` }]);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith('…')).toBe(true);
    expect(titleOf([])).toBe('Untitled conversation');
  });
});
