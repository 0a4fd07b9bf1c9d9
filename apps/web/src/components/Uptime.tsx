import { useLayoutEffect, useRef } from 'react';
import { uptimeTicker } from '../lib/uptime-ticker';

/** An uptime that ticks every second without rendering its row again. */
export function Uptime({ startSeconds }: { startSeconds: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    return element ? uptimeTicker.watch(element, startSeconds) : undefined;
  }, [startSeconds]);
  // No children: React never writes this text, the ticker does.
  return <span ref={ref} className="uptime" />;
}
