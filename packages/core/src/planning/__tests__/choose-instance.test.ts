import { describe, expect, it } from 'vitest';
import type { StartingStrategy } from '@supfleet/protocol';
import { buildFleet } from '../../fleet/__tests__/fleet-builders';
import { chooseInstance } from '../choose-instance';
import type { ChooseOptions } from '../choose-instance';

/** Node A holds a1 (load 5) and a2 (load 15): 20 in all; node B holds b1 (load 18). */
const LOADED = buildFleet({
  instances: [
    { id: 'a1', node: 'A' },
    { id: 'a2', node: 'A' },
    { id: 'b1', node: 'B' },
  ],
  processes: {
    'load:x1': { a1: 'RUNNING' },
    'load:x2': { a2: 'RUNNING' },
    'load:x3': { b1: 'RUNNING' },
    'app:p': { a1: 'STOPPED', a2: 'STOPPED', b1: 'STOPPED' },
    'app:listed': { a1: 'STOPPED', a2: 'STOPPED', b1: 'STOPPED' },
  },
  rules: {
    applications: { app: {} },
    programs: {
      'load:x1': { expectedLoading: 5 },
      'load:x2': { expectedLoading: 15 },
      'load:x3': { expectedLoading: 18 },
      'app:p': { expectedLoading: 10 },
      'app:listed': { identifiers: ['b1', 'a2'] },
    },
  },
});

describe('chooseInstance strategies (SPEC section 5)', () => {
  const rows: {
    name: string;
    namespec?: string;
    strategy: StartingStrategy;
    opts?: ChooseOptions;
    instance: string;
  }[] = [
    { name: 'CONFIG: first candidate in the configured order', strategy: 'CONFIG', instance: 'a1' },
    {
      name: 'CONFIG: explicit identifiers give the order',
      namespec: 'app:listed',
      strategy: 'CONFIG',
      instance: 'b1',
    },
    { name: 'LESS_LOADED: lowest instance load', strategy: 'LESS_LOADED', instance: 'a1' },
    { name: 'MOST_LOADED: highest instance load', strategy: 'MOST_LOADED', instance: 'b1' },
    { name: 'LESS_LOADED_NODE: lowest node load first', strategy: 'LESS_LOADED_NODE', instance: 'b1' },
    {
      name: 'MOST_LOADED_NODE: highest node, then its most loaded instance',
      strategy: 'MOST_LOADED_NODE',
      instance: 'a2',
    },
    {
      name: 'LOCAL: the candidate on the local node',
      strategy: 'LOCAL',
      opts: { localNode: 'B' },
      instance: 'b1',
    },
    {
      name: 'LOCAL: first candidate of the local node',
      strategy: 'LOCAL',
      opts: { localNode: 'A' },
      instance: 'a1',
    },
    {
      name: 'pending load counts: LESS_LOADED',
      strategy: 'LESS_LOADED',
      opts: { pendingLoad: { a1: 20 } },
      instance: 'a2',
    },
    {
      name: 'pending load counts: LESS_LOADED_NODE',
      strategy: 'LESS_LOADED_NODE',
      opts: { pendingLoad: { b1: 10 } },
      instance: 'a1',
    },
    {
      name: 'an explicit instance is kept whatever the strategy',
      strategy: 'LESS_LOADED',
      opts: { instance: 'b1' },
      instance: 'b1',
    },
  ];

  it.each(rows)('$name', ({ namespec, strategy, opts, instance }) => {
    expect(chooseInstance(LOADED, namespec ?? 'app:p', strategy, opts)).toEqual({ ok: true, instance });
  });
});

const SCEN1 = buildFleet({
  instances: ['rocky51', 'rocky52', { id: 'rocky53', state: 'SILENT' }, { id: 'rocky54', state: 'UNKNOWN' }],
  processes: {
    'scen1:scen1_hci': { rocky51: 'STOPPED' },
    'scen1:scen1_srv': { rocky53: 'STOPPED' },
    'scen1:pinned': { rocky51: 'STOPPED', rocky52: 'STOPPED' },
    'scen1:busy': { rocky51: 'RUNNING' },
    'scen1:heavy': { rocky51: 'STOPPED' },
    'scen1:ending': { rocky52: 'STOPPING' },
    'single:a': { rocky51: 'STOPPED', rocky52: 'STOPPED' },
    'node:a': { rocky52: 'RUNNING' },
    'node:b': { rocky51: 'STOPPED', rocky52: 'STOPPED' },
    'spread:a': { rocky51: 'STOPPED' },
    'pair:a': { rocky51: 'STOPPED', rocky52: 'STOPPED' },
    'pair:b': { rocky51: 'STOPPED', rocky52: 'STOPPED' },
  },
  rules: {
    applications: {
      scen1: {},
      single: { distribution: 'SINGLE_INSTANCE', identifiers: ['rocky52'] },
      node: { distribution: 'SINGLE_INSTANCE' },
      spread: { identifiers: ['rocky52'] },
      pair: { distribution: 'SINGLE_INSTANCE' },
    },
    programs: {
      'scen1:pinned': { identifiers: ['rocky51'] },
      'scen1:busy': { expectedLoading: 14 },
      'scen1:heavy': { expectedLoading: 90 },
    },
  },
});

describe('chooseInstance refusals (SPEC section 5, Req 4)', () => {
  const rows: {
    name: string;
    namespec: string;
    strategy?: StartingStrategy;
    opts?: ChooseOptions;
    reason: string;
  }[] = [
    { name: 'unknown process', namespec: 'scen1:nope', reason: 'unknown process scen1:nope' },
    {
      name: 'unknown instance asked',
      namespec: 'scen1:scen1_hci',
      opts: { instance: 'rocky99' },
      reason: 'unknown instance rocky99',
    },
    {
      name: 'asked where it is not defined',
      namespec: 'scen1:scen1_hci',
      opts: { instance: 'rocky52' },
      reason: 'scen1:scen1_hci is not defined on rocky52',
    },
    {
      name: 'asked on a SILENT instance',
      namespec: 'scen1:scen1_srv',
      opts: { instance: 'rocky53' },
      reason: 'rocky53 is SILENT',
    },
    {
      name: 'defined only on instances that are down',
      namespec: 'scen1:scen1_srv',
      reason:
        'no instance can start scen1:scen1_srv: rocky53 is SILENT; rocky54 is UNKNOWN; not defined on rocky51, rocky52',
    },
    {
      name: 'asked where the identifiers do not allow it',
      namespec: 'scen1:pinned',
      opts: { instance: 'rocky52' },
      reason: 'scen1:pinned is not allowed by identifiers on rocky52',
    },
    { name: 'already running', namespec: 'scen1:busy', reason: 'scen1:busy is already running on rocky51' },
    { name: 'still stopping', namespec: 'scen1:ending', reason: 'scen1:ending is still stopping on rocky52' },
    {
      name: 'load over 100%',
      namespec: 'scen1:heavy',
      opts: { instance: 'rocky51' },
      reason: 'would load rocky51 to 104%',
    },
    {
      name: 'pending load counts toward 100%',
      namespec: 'scen1:scen1_hci',
      opts: { pendingLoad: { rocky51: 90 } },
      reason:
        'no instance can start scen1:scen1_hci: would load rocky51 to 104%; rocky53 is SILENT; rocky54 is UNKNOWN; not defined on rocky52',
    },
    {
      name: 'SINGLE_INSTANCE: the application identifiers apply',
      namespec: 'single:a',
      opts: { instance: 'rocky51' },
      reason: 'single:a is not allowed by the identifiers of single on rocky51',
    },
    {
      name: 'SINGLE_INSTANCE: the rest of the application pins the instance',
      namespec: 'node:b',
      opts: { instance: 'rocky51' },
      reason: 'node is SINGLE_INSTANCE and already runs on rocky52',
    },
    {
      name: 'SINGLE_INSTANCE: a sibling this job placed pins the instance before it runs',
      namespec: 'pair:b',
      opts: { instance: 'rocky51', placed: { 'pair:a': 'rocky52' } },
      reason: 'pair is SINGLE_INSTANCE and already runs on rocky52',
    },
    {
      name: 'LOCAL without a local node',
      namespec: 'scen1:scen1_hci',
      strategy: 'LOCAL',
      reason: 'the LOCAL strategy needs the node of the service',
    },
    {
      name: 'LOCAL with no candidate on the local node',
      namespec: 'scen1:pinned',
      strategy: 'LOCAL',
      opts: { localNode: 'rocky52' },
      reason: 'no candidate for scen1:pinned on the local node rocky52 (candidates: rocky51)',
    },
  ];

  it.each(rows)('$name', ({ namespec, strategy, opts, reason }) => {
    expect(chooseInstance(SCEN1, namespec, strategy ?? 'CONFIG', opts)).toEqual({ ok: false, reason });
  });

  const allowed: { name: string; namespec: string; opts?: ChooseOptions; instance: string }[] = [
    { name: 'the only instance that defines it', namespec: 'scen1:scen1_hci', instance: 'rocky51' },
    { name: 'identifiers skip a defining instance', namespec: 'scen1:pinned', instance: 'rocky51' },
    {
      name: 'SINGLE_INSTANCE: the application identifiers choose',
      namespec: 'single:a',
      instance: 'rocky52',
    },
    { name: 'SINGLE_INSTANCE: joins the rest of the application', namespec: 'node:b', instance: 'rocky52' },
    {
      name: 'SINGLE_INSTANCE: joins a sibling placed by the same job, not the first candidate',
      namespec: 'pair:b',
      opts: { placed: { 'pair:a': 'rocky52' } },
      instance: 'rocky52',
    },
    {
      name: 'SINGLE_INSTANCE: with nothing placed, CONFIG takes the first candidate',
      namespec: 'pair:b',
      instance: 'rocky51',
    },
    {
      name: 'ALL_INSTANCES: application identifiers do not apply',
      namespec: 'spread:a',
      instance: 'rocky51',
    },
    {
      name: 'load of exactly 100% is allowed',
      namespec: 'scen1:scen1_hci',
      opts: { pendingLoad: { rocky51: 86 } },
      instance: 'rocky51',
    },
  ];

  it.each(allowed)('allowed: $name', ({ namespec, opts, instance }) => {
    expect(chooseInstance(SCEN1, namespec, 'CONFIG', opts)).toEqual({ ok: true, instance });
  });
});
