import { describe, expect, it } from 'vitest';
import { AT, JOB, poll, setup } from '../../__tests__/model-fixture';
import { changeDeltas } from '../change-deltas';

describe('changeDeltas: a change as the protocol deltas', () => {
  it('numbers every delta of every change, with no gap: instances, processes, applications, jobs, service', () => {
    const { model, seen } = setup();
    let sequence = 10;
    const next = () => ++sequence;
    model.dispatch(poll('RUNNING'));
    model.dispatchJob({ type: 'job:created', job: JOB, applications: ['app'] });
    model.dispatchJob({ type: 'job:ended', id: JOB.id, at: AT + 5, state: 'succeeded', failures: [] });
    model.setService({ ...model.service, replica: 'r1' });
    const deltas = seen.flatMap((change) => changeDeltas(change, next));
    expect(deltas.map(([event, , number]) => `${number} ${event}`)).toEqual([
      '11 process:updated',
      '12 application:updated',
      // A job's applications before the job, as the service always sent them.
      '13 application:updated',
      '14 job:updated',
      '15 application:updated',
      '16 job:updated',
      '17 service:updated',
    ]);
    expect(deltas[0]?.[1]).toMatchObject({ namespec: 'app:p', state: 'RUNNING' });
    expect(deltas[3]?.[1]).toMatchObject({ id: JOB.id, state: 'running' });
    expect(deltas[5]?.[1]).toMatchObject({ id: JOB.id, state: 'succeeded' });
  });
});
