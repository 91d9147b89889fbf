import { useState } from 'react';
import type { ConnectionReport, CorsHelp } from '../../core/store/connectionTest';
import type { StoreSettings } from '../../core/sync/syncController';
import { FormError } from '../FormError';
import { describeError } from '../errors';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { CopyableBlock } from './CopyableBlock';
import { devStorePresetId } from './devStore';
import type { FormPresetId } from './storeForm';

interface ConnectionTestProps {
  /** The settings as typed, or the sentence saying what is missing. */
  settings: () => StoreSettings | string;
  preset: FormPresetId;
}

const stepWords = { ok: 'ok', failed: 'failed', skipped: 'not tried' } as const;

/** "Test connection": each request sync needs, tried on scratch objects, and what to fix. */
export function ConnectionTest({ settings, preset }: ConnectionTestProps) {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    const typed = settings();
    setReport(null);
    if (typeof typed === 'string') {
      setError(typed);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      setReport(await getCryptoWorker().testStoreConnection(typed, location.origin));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="connection-test">
      <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Testing…' : 'Test connection'}
      </button>
      <FormError message={error} />
      {busy && <p role="status">Trying each operation on the bucket…</p>}
      {report && (
        <section aria-label="Connection test" className="connection-report">
          <p role="status" className={report.ok ? 'connection-ok' : 'error'}>
            {report.ok
              ? 'Connection works: every operation Pinhole needs succeeded.'
              : `Connection failed: ${report.problem?.message ?? 'an operation did not succeed.'}`}
          </p>
          <ul className="connection-steps">
            {report.steps.map((step) => (
              <li key={step.id} data-status={step.status}>
                <span className="connection-step-status">{stepWords[step.status]}</span>{' '}
                {step.label}
                {step.error && <span className="hint"> — {step.error.message}</span>}
              </li>
            ))}
          </ul>
          {report.cors && <CorsInstructions help={report.cors} preset={preset} />}
        </section>
      )}
    </div>
  );
}

/** The CORS rule to paste, in the form this store takes, and where it goes. */
function CorsInstructions({ help, preset }: { help: CorsHelp; preset: FormPresetId }) {
  const json =
    preset === 'b2'
      ? { label: 'CORS rules for the b2 command line (JSON)', text: help.b2Json }
      : preset === 'wasabi' || preset === 'selfHosted'
        ? { label: 'CORS rule for aws s3api put-bucket-cors (JSON)', text: help.cliJson }
        : { label: 'CORS rule for the console (JSON)', text: help.json };
  const howTo = preset === devStorePresetId ? null : help.howTo[preset];
  return (
    <div className="cors-help">
      <h4>Let this page use the bucket (CORS)</h4>
      <p>
        The browser only lets Pinhole, at {help.rule.allowedOrigins.join(', ')}, talk to your bucket
        if the bucket says so. Add this rule to the bucket, then test again.
      </p>
      {howTo && <p className="hint">{howTo}</p>}
      <CopyableBlock label={json.label} text={json.text} copyLabel="Copy JSON" />
      <CopyableBlock
        label="The same rule as PutBucketCors XML"
        text={help.xml}
        copyLabel="Copy XML"
      />
    </div>
  );
}
