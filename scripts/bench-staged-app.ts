// The staged application the benches restart: on each node one wait_exit program that exits at
// once (rank 1) and `count` programs with startsecs 1 (rank 2), all in the group `app`.
import { program } from '../apps/server/src/__tests__/fleet-fixture';

export const STAGED_RULES = `<root>
  <application name="app"><start_sequence>1</start_sequence>
    <programs>
      <program pattern=""><start_sequence>2</start_sequence><required>true</required></program>
      <program pattern="wait_"><start_sequence>1</start_sequence><wait_exit>true</wait_exit></program>
    </programs>
  </application>
</root>`;

export function stagedPrograms(index: number, count: number) {
  const programs: Record<string, Record<string, string | number | boolean>> = {};
  const names = [`wait_${index}`];
  programs[`program:wait_${index}`] = program({ command: '/bin/sh -c "exit 0"', exitcodes: '0' });
  for (let i = 0; i < count; i += 1) {
    programs[`program:p${index}_${i}`] = program({ startsecs: 1 });
    names.push(`p${index}_${i}`);
  }
  programs['group:app'] = { programs: names.join(',') };
  return programs;
}
