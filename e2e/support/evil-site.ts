import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another site on its own port: pages that post forms to supfleet (text/plain and urlencoded,
 * REST and /RPC2), a blank page to fetch from, and one that frames the Application page.
 */
export async function startEvilSite(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const stop = `${target}/api/v1/applications/scen1/stop`;
  const autoSubmit = (form: string) =>
    `<!doctype html><html><body>${form}<script src="/submit.js"></script></body></html>`;
  const pages: Record<string, string> = {
    '/text-plain': autoSubmit(
      `<form method="POST" action="${stop}" enctype="text/plain"><input name='{"wait":false,"x":"' value='"}'></form>`,
    ),
    '/urlencoded': autoSubmit(
      `<form method="POST" action="${stop}"><input name="wait" value="false"></form>`,
    ),
    '/rpc2': autoSubmit(
      `<form method="POST" action="${target}/RPC2" enctype="text/plain"><input name='<?xml version="1.0"?><methodCall><methodName>supvisors.stop_application</methodName><params><param><value><string>scen1</string></value></param></params></methodCall><!--' value='-->'></form>`,
    ),
    '/blank': '<!doctype html><html><body>another site</body></html>',
    '/frame': `<!doctype html><html><body><iframe src="${target}/applications/scen1" width="800" height="600"></iframe></body></html>`,
  };
  const server = http.createServer((req, res) => {
    if (req.url === '/submit.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end('document.forms[0].submit();');
      return;
    }
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
