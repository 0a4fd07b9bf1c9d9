import { createContext } from 'react';

/** Opens and closes the page's live connection: open only while someone is logged in. */
export interface LiveLink {
  open(): void;
  close(): void;
}

export const LiveLinkContext = createContext<LiveLink | null>(null);
