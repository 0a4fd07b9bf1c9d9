import { Router } from 'express';
import type { InstanceMonitor } from '../monitors/instance-monitor';

/**
 * `/healthz`: the process answers. `/readyz`: the config and rules are loaded (they are, once
 * this router exists: the service refuses to start without them) and every instance was polled
 * once, answered or not, so that what the service shows is real. Both without authentication:
 * they say nothing but counts.
 */
export function healthRouter(monitors: ReadonlyMap<string, InstanceMonitor>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const all = [...monitors.values()];
    const polled = all.filter((monitor) => monitor.polled).length;
    const ready = polled === all.length;
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: ready ? 'ready' : 'starting',
        checks: { config: true, rules: true, instancesPolled: polled, instances: all.length },
      });
  });
  return router;
}
