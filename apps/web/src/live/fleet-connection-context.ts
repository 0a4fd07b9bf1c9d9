import { createContext } from 'react';
import type { FleetConnection } from './fleet-connection';

/** The page's one live connection; created in main.tsx, outside React, so StrictMode cannot double it. */
export const FleetConnectionContext = createContext<FleetConnection | null>(null);
