/** A browsable page of the OpenAPI document, rendered here: no CDN, no script. */
export function docsPage(document: Record<string, unknown>): string {
  const info = document.info as { title: string; version: string; description: string };
  const paths = document.paths as Record<
    string,
    Record<
      string,
      {
        summary: string;
        parameters: { name: string; in: string }[];
        requestBody?: unknown;
        responses: Record<string, unknown>;
      }
    >
  >;
  const sections = Object.entries(paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const params = op.parameters.map((p) => `<code>${escape(p.name)}</code> (${p.in})`).join(', ');
        const body = op.requestBody
          ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(op.requestBody, null, 2))}</pre></details>`
          : '';
        const responses = Object.entries(op.responses)
          .map(
            ([status, r]) =>
              `<details><summary>${status}</summary><pre>${escape(JSON.stringify(r, null, 2))}</pre></details>`,
          )
          .join('');
        return `<section><h2><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h2>
<p>${escape(op.summary)}</p>${params ? `<p>Parameters: ${params}</p>` : ''}${body}${responses}</section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title>
<style>body{font:14px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1rem}.m{display:inline-block;min-width:4rem;padding:.1rem .4rem;border-radius:4px;color:#fff;font-size:.8rem;text-align:center}
.get{background:#1565c0}.post{background:#2e7d32}.patch{background:#ef6c00}.delete{background:#c62828}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}</style></head>
<body><h1>${escape(info.title)} <small>${escape(info.version)}</small></h1><p>${escape(info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1)</p>${sections}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
