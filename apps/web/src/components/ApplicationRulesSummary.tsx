import type { Application } from '@supfleet/protocol';

/** The rules that decide how the buttons act, in one line. */
export function ApplicationRulesSummary({ application }: { application: Application }) {
  const { rules } = application;
  const items: [string, string][] = [
    ['Start sequence', String(rules.startSequence)],
    ['Stop sequence', String(rules.stopSequence)],
    ['Distribution', rules.distribution],
    ['Starting strategy', rules.startingStrategy],
    ['On starting failure', rules.startingFailureStrategy],
    ['On running failure', rules.runningFailureStrategy],
    ['Status', rules.operationalStatus ?? 'required processes'],
  ];
  return (
    <dl className="rules">
      {items.map(([term, value]) => (
        <div key={term} className="rules__item">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
