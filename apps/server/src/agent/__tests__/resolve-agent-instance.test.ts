import { describe, expect, it } from 'vitest';
import { resolveAgentInstance } from '../resolve-agent-instance';

const INSTANCES = [
  { id: 'rocky51', host: '10.0.0.1', port: 61000, node: '10.0.0.1' },
  { id: 'rocky52', host: '10.0.0.2', port: 61000, node: '10.0.0.2' },
  { id: 'local', host: '127.0.0.1', port: 61001, node: '127.0.0.1' },
];

describe('resolveAgentInstance', () => {
  it.each([
    {
      name: 'the nick given with --instance',
      identity: { instance: 'rocky52' },
      expected: { id: 'rocky52' },
    },
    {
      name: 'the nick wins over the URL',
      identity: { instance: 'rocky51', supervisor: 'http://127.0.0.1:61001' },
      expected: { id: 'rocky51' },
    },
    {
      name: 'a port only one instance has, whatever the host spelling',
      identity: { supervisor: 'http://localhost:61001' },
      expected: { id: 'local' },
    },
    {
      name: 'a shared port, told apart by host',
      identity: { supervisor: 'http://10.0.0.2:61000/RPC2' },
      expected: { id: 'rocky52' },
    },
    {
      name: 'an unknown nick',
      identity: { instance: 'rocky99' },
      expected: { error: 'unknown instance rocky99' },
    },
    {
      name: 'a shared port and an unknown host',
      identity: { supervisor: 'http://rocky51:61000' },
      expected: { error: 'no instance of supvisors_list is rocky51:61000; give the agent --instance NICK' },
    },
    {
      name: 'a unix socket cannot be matched',
      identity: { supervisor: 'unix:///var/run/supervisor.sock' },
      expected: { error: 'supervisord listens on unix:, not HTTP; give the agent --instance NICK' },
    },
  ])('$name', ({ identity, expected }) => {
    expect(resolveAgentInstance(INSTANCES, identity)).toEqual(expected);
  });
});
