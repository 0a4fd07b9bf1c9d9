import { useContext } from 'react';
import { LiveLinkContext, type LiveLink } from '../live/live-link-context';

export function useLiveLink(): LiveLink {
  const link = useContext(LiveLinkContext);
  if (!link) throw new Error('useLiveLink needs a LiveLinkContext above it');
  return link;
}
