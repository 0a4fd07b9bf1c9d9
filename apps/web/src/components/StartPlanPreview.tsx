import type { Application, Process, StartingStrategy } from '@supfleet/protocol';
import { useStartPlan } from '../hooks/useStartPlan';
import { planSummary, refusalText } from '../lib/plan-summary';
import './start-plan-preview.css';

/**
 * Beside the buttons: the plan the next start (restart when it runs) would follow, from the
 * server's dry run. Nothing is started to compute it.
 */
export function StartPlanPreview({
  application,
  processes,
  strategy,
}: {
  application: Application;
  processes: readonly Process[];
  /** The strategy chosen beside the buttons; the rules' when undefined. */
  strategy?: StartingStrategy;
}) {
  const action = application.state === 'STOPPED' ? 'start' : 'restart';
  const plan = useStartPlan(application, processes, action, strategy);
  if (!application.managed) return null;
  return (
    <section className="plan" aria-label="Start plan">
      <h2 className="plan__title">{action === 'start' ? 'If started' : 'If restarted'}</h2>
      {plan.isPending && <p className="plan__note">Planning…</p>}
      {plan.error && <p className="plan__note">No plan: {plan.error.message}</p>}
      {plan.data && <p className="plan__note">strategy {plan.data.strategy}</p>}
      {plan.data && (
        <ol className="plan__ranks">
          {planSummary(plan.data).map((rank) => (
            <li key={rank.rank}>
              <span className="plan__rank">rank {rank.rank}:</span> {rank.text}
              {rank.refused.map((p) => (
                <div key={p.namespec} className="plan__refused" role="note">
                  {p.name} cannot start: {refusalText(p)}
                </div>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
