import { useId, useState } from 'react';
import type { TokenCreated } from '@supfleet/protocol';

/** A new token's secret, shown once: the server keeps only its hash. */
export function TokenSecret({ token, onDone }: { token: TokenCreated; onDone: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const titleId = useId();
  const copy = () => {
    navigator.clipboard.writeText(token.token).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="secret" aria-labelledby={titleId}>
      <h2 id={titleId}>Token {token.name} created</h2>
      <p>
        Copy it now: it is shown only this once. Clients send it as <code>Authorization: Bearer …</code>.
      </p>
      <div className="secret__row">
        <input
          className="input secret__value mono"
          readOnly
          aria-label={`Secret of token ${token.name}`}
          value={token.token}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button--primary" onClick={copy}>
          Copy
        </button>
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'The browser refused the copy: select the text and copy it.'
            : ''}
      </p>
    </section>
  );
}
