'use client';
import { useEffect, useRef, useState } from 'react';

/** The tracking snippet with a copy button and a visible, announced "Copied". */
export function SnippetBox({ snippet }: { snippet: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus('idle'), 4000);
  };

  return (
    <div>
      <div className="snippet">
        <pre>
          <code data-testid="snippet">{snippet}</code>
        </pre>
        <button type="button" className="btn btn-small" onClick={copy}>
          {status === 'copied' ? 'Copied ✓' : 'Copy'}
        </button>
      </div>
      <p className="copied" role="status">
        {status === 'copied' ? 'Copied to the clipboard.' : status === 'failed' ? 'Copy failed: select the text and copy it by hand.' : ''}
      </p>
    </div>
  );
}
