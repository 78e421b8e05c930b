// jsdom tests: real IndexedDB semantics from fake-indexeddb (imported before any database opens).
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

if (typeof globalThis.structuredClone !== 'function')
  throw new Error('fake-indexeddb needs structuredClone (Node ≥ 17)');

afterEach(() => cleanup());
